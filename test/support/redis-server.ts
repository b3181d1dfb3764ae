// The tests start Redis the way local mode does.
export {
  freePort,
  startRedisServer,
  type RedisServer,
} from '../../src/local/start-redis-server.js';
