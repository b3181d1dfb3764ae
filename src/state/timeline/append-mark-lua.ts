/**
 * The Lua that appends one timeline mark, shared by the timeline's own script and the record
 * patch that carries a mark (the worker's finishing write), so both keep the same layout: field
 * `n` counts the marks ever added, fields 1..n hold them, only the last `max` are kept, and the
 * hash expires with the record. Expects locals `recordKey`, `timelineKey`, `mark`, `max`.
 */
export const APPEND_MARK_LUA = `
local ttl = redis.call('PTTL', recordKey)
if ttl > 0 then
  local n = redis.call('HINCRBY', timelineKey, 'n', 1)
  redis.call('HSET', timelineKey, tostring(n), mark)
  if n > max then redis.call('HDEL', timelineKey, tostring(n - max)) end
  redis.call('PEXPIRE', timelineKey, ttl)
end`;
