export const SERVE_DEFAULTS = { host: '127.0.0.1', port: '8080', db: 'eci-events.db', retention: '7d', logLevel: 'info', throttleRate: '100', throttleBurst: '200', operatorAccount: 'default' };
