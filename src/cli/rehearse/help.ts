/** `rehearse --help`. */
export const REHEARSE_HELP = `Usage: taskrouter-assigner rehearse --rules PATH --scenario FILE [--duration 60s] [--speed N] [--json]

Runs rules against simulated traffic before they go live: the whole service in this process (web
app on an ephemeral port, worker, Redis) with the built-in TaskRouter simulator playing the
scenario against it, time compressed where it can be. Then reports how reservations settled: by
rule, by instruction and by final status; timeouts and their causes; rejections and re-offers;
settle-time percentiles; REST errors.

  --rules <path>      rules file or folder (default: RULES_PATH, else config/rules.yaml)
  --scenario <file>   scenario YAML (default config/examples/scenario.yaml)
  --duration <time>   simulated time of arrivals: 90, 90s, 5m, 1h (default: the scenario's)
  --speed <n>         simulated seconds per real second (default: the scenario's speed if not 1,
                      else the most that leaves every reservation timeout 2 real seconds, max 60)
  --seed <n>          random seed (default: the scenario's)
  --progress <s>      a progress line on stderr every s real seconds (default 5; 0: none)
  --json              the report as JSON
  -h, --help

Redis: REDIS_URL, else one on the default port, else a private redis-server; every key is under a
prefix of its own and deleted afterwards. Twilio credentials are never used: the service runs with
the local ones the simulator accepts. LOG_LEVEL (default error) sets the service's log, on stderr.

Exit status: 0 done; 1 the rules do not load, or the service broke the OpenAPI document; 2 bad
usage or scenario.`;
