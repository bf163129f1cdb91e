import type { ConnectorDefinition } from '../registry.js';
import { type NomupayConfig, readNomupayConfig } from './config.js';
import { NomupayConnector } from './connector.js';

/** NomuPay (uP API) for au Kantan Kessai, as the registry knows it. */
export const nomupayConnectorDefinition: ConnectorDefinition<NomupayConfig> = {
  id: 'nomupay',
  variablePrefix: 'NOMUPAY_',
  readConfig: readNomupayConfig,
  create(config, { now, fetch }) {
    return new NomupayConnector({ config, now, ...(fetch && { fetch }) });
  },
};
