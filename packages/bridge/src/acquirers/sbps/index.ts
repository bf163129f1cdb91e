import type { ConnectorDefinition } from '../registry.js';
import { readSbpsConfig, type SbpsConfig } from './config.js';
import { SbpsConnector } from './connector.js';

/** SBPS (SoftBank Payment Service) for au Kantan Kessai, as the registry knows it. */
export const sbpsConnectorDefinition: ConnectorDefinition<SbpsConfig> = {
  id: 'sbps',
  variablePrefix: 'SBPS_',
  readConfig: readSbpsConfig,
  create(config, { mode, logger, fetch }) {
    if (mode === 'live' && config.notifyAllowedIps === null) {
      logger.warn(
        'SBPS_NOTIFY_ALLOWED_IPS is not set: /sbps/notify takes posts from any address (each is still verified by its sps_hashcode); set it to the addresses SBPS tells you it sends from',
      );
    }
    return new SbpsConnector({
      config,
      // The emulator shows its Web or WAP screens from this; real SBPS detects the device itself.
      sendLayout: mode === 'sandbox',
      ...(fetch && { fetch }),
    });
  },
};
