// The tests start Redis the way local mode does.
export { startRedisServer, type RedisServer } from '../../src/local/start-redis-server.js';
export { freePort } from '../../src/local/free-port.js';
