import type { ConnectorDefinition } from '../registry.js';
import { type AntomConfig, readAntomConfig } from './config.js';
import { AntomConnector } from './connector.js';

/** Antom for au carrier billing, as the registry knows it. */
export const antomConnectorDefinition: ConnectorDefinition<AntomConfig> = {
  id: 'antom',
  variablePrefix: 'ANTOM_',
  readConfig: readAntomConfig,
  create(config, { now, fetch }) {
    return new AntomConnector({ config, now, ...(fetch && { fetch }) });
  },
};
