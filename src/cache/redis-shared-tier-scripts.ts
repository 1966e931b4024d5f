/**
 * The Lua scripts of the shared tier (see RedisSharedTier), each one round trip that Redis runs
 * atomically, so a drop on one replica can never fall between another's check and its write.
 *
 * Layout of the keys every script is given: KEYS[1] the answer, KEYS[2] its claim, KEYS[3..] the
 * generation keys of its tags, in the order of the tags. A missing generation key reads as '0'.
 * A stored answer is `<generations>\n<meta>\n<text>`: the generations its read began under
 * (comma-joined), so a script compares them without parsing JSON.
 */

/** The generations of the tags now, comma-joined: what a snapshot is. */
const CURRENT_GENERATIONS = `
local generations = {}
for index = 3, #KEYS do
  generations[#generations + 1] = redis.call('GET', KEYS[index]) or '0'
end
local current = table.concat(generations, ',')
`;

/**
 * ARGV: claim ('1' to claim), this replica's claim token, the claim's life in ms, the largest
 * answer read (bytes). Answers `{1, value}` for a current answer, else `{0, generations, claimed
 * elsewhere (0|1)}`. A stored answer whose generations differ is stale for good (generations never
 * come back: see RedisSharedTier) and is deleted; so is one above the byte cap.
 */
export const LOOKUP = `${CURRENT_GENERATIONS}
local size = redis.call('STRLEN', KEYS[1])
if size > tonumber(ARGV[4]) then
  redis.call('DEL', KEYS[1])
elseif size > 0 then
  local value = redis.call('GET', KEYS[1])
  local newline = string.find(value, '\\n', 1, true)
  if newline and string.sub(value, 1, newline - 1) == current then
    return {1, value}
  end
  redis.call('DEL', KEYS[1])
end
local elsewhere = 0
if ARGV[1] == '1' then
  if not redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then elsewhere = 1 end
elseif redis.call('EXISTS', KEYS[2]) == 1 then
  elsewhere = 1
end
return {0, current, elsewhere}
`;

/**
 * ARGV: the snapshot the read began under, the value to store, its life in ms, this replica's
 * claim token. Lifts this replica's claim (not one another replica took after it expired), then
 * stores the value only if no tag was dropped since the snapshot. Answers 1 when stored.
 */
export const STORE = `${CURRENT_GENERATIONS}
if redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;

/** KEYS[1]: the claim; ARGV[1]: this replica's claim token. Lifts the claim if it is still ours. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * KEYS[1]: the counter generations are drawn from; KEYS[2..]: the generation keys of the tags
 * dropped. ARGV[1]: how long a generation key lives, in ms. Each tag gets the counter's next value,
 * which no tag ever had before.
 */
export const INVALIDATE = `
local generation = redis.call('INCR', KEYS[1])
for index = 2, #KEYS do
  redis.call('SET', KEYS[index], generation, 'PX', ARGV[1])
end
return generation
`;
