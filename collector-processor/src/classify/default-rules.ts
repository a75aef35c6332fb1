import type { ClassRule } from './rule-types.js';

/**
 * The built-in evidence table, written from operations knowledge of what each class of log line
 * says (not from any data set's lines). Weights: 3 = decisive on its own, 2 = strong, 1 = a hint
 * that only wins at WARN or above, where the "normal" prior is weak. A trailing `*` in a word
 * matches any continuation (`throttl*` = throttle, throttled, throttling).
 */
export const DEFAULT_RULES: ClassRule[] = [
  // ---------------------------------------------------------------- security
  { id: 'security.auth-failure', class: 'security', weight: 3, words: [
    'authentication failure', 'authentication failed', 'auth failure', 'auth failed', 'authentication error',
    'failed password', 'failed publickey', 'failed keyboard-interactive', 'failed none',
    'invalid user', 'illegal user', 'unknown user', 'user unknown', 'no such user',
    'login failed', 'failed login', 'logon failure', 'login failure', 'failed to authenticate', 'failed authentication',
    'invalid password', 'wrong password', 'bad password', 'incorrect password', 'password mismatch', 'password check failed',
    'invalid credentials', 'bad credentials', 'invalid token', 'expired token', 'token expired', 'invalid signature',
  ] },
  { id: 'security.access-denied', class: 'security', weight: 3, words: [
    'permission denied', 'access denied', 'access is denied', 'unauthorized', 'unauthorised', 'forbidden',
    'not authorized', 'not authorised', 'not permitted', 'operation not permitted', 'not in sudoers', 'insufficient privileges',
    'privilege escalation', 'avc: denied',
  ] },
  { id: 'security.attack', class: 'security', weight: 4, words: [
    'break-in', 'brute force', 'brute-force', 'intrusion', 'sql injection', 'xss', 'csrf', 'malware', 'virus',
    'port scan', 'possible attack', 'too many authentication failures', 'maximum authentication attempts',
    'account locked', 'locked out', 'blocked ip', 'banned', 'blacklisted', 'suspicious',
  ] },
  { id: 'security.preauth', class: 'security', weight: 3, pattern: '\\[preauth\\]' },
  { id: 'security.auth-words', class: 'security', weight: 1, words: ['authentication', 'credentials', 'sudo', 'selinux', 'audit', 'certificate', 'login', 'password'] },
  { id: 'security.auth-retries', class: 'security', weight: 2, words: ['more authentication failures', 'authentication failures'] },
  { id: 'security.http-401-403', class: 'security', weight: 3, attribute: { keys: ['http.response.status_code', 'http.status_code', 'status_code', 'status'], in: [401, 403, 407] } },
  { id: 'security.auth-outcome', class: 'security', weight: 3, attribute: { keys: ['auth.result', 'auth.outcome', 'event.outcome', 'login.result'], pattern: '^(?:fail|failure|failed|denied|rejected|invalid)$' } },
  { id: 'security.exception-type', class: 'security', weight: 3, attribute: { keys: ['exception.type', 'error.type'], pattern: 'auth|security|permission|accessdenied|forbidden|credential|unauthori[sz]ed|csrf' } },

  // ---------------------------------------------------------------- system failure
  { id: 'system.crash', class: 'system_failure', weight: 3, words: [
    'out of memory', 'outofmemory*', 'oom', 'oom-killer', 'oom-kill', 'oomkilled', 'segfault', 'segmentation fault', 'sigsegv', 'sigabrt', 'sigbus',
    'core dump*', 'core dumped', 'generating core*', 'kernel panic', 'panic', 'panicked', 'crash*', 'unhandled exception', 'uncaught exception',
    'unhandled error', 'stack overflow', 'stackoverflow*', 'deadlock*', 'assertion failed', 'assertion failure', 'abort*', 'crashloopbackoff',
    'back-off restarting', 'terminated unexpectedly', 'exited unexpectedly', 'died', 'killed process', 'shutting down due to',
  ] },
  { id: 'system.exit', class: 'system_failure', weight: 2, pattern: '\\bexit(?:ed)?(?: with)? (?:code|status)[ =:]*(?:[1-9]|<\\*>)|\\bexit (?:code|status) (?:[1-9]|<\\*>)|\\bkilled\\b|\\bsigkill\\b' },
  { id: 'system.start-failure', class: 'system_failure', weight: 3, words: [
    'failed to start', 'unable to start', 'cannot start', 'could not start', 'failed to launch', 'startup failed', 'failed to initialize',
    'failed to initialise', 'initialization failed', 'restart loop', 'respawning too fast', 'not responding', 'hung',
  ] },
  { id: 'system.restart', class: 'system_failure', weight: 1.5, words: ['restarting', 'restarted', 'respawn*', 'restart count', 'back-off'] },
  { id: 'system.exception', class: 'system_failure', weight: 2, words: [
    'exception', '*exception', 'traceback', 'stack trace', 'stacktrace', 'nullpointer*', 'null pointer', 'nil pointer', 'undefined is not',
    'internal error', 'internal server error', 'fatal error', 'fatal', 'unrecoverable', 'corrupt*', 'inconsistent',
    'task failed', 'job failed', 'lost task', 'failed task', 'failing task', 'failed to process', 'processing failed', 'rollback', 'rolled back',
  ] },
  { id: 'system.generic-error', class: 'system_failure', weight: 1, words: ['error', 'errors', 'failed', 'failure', 'fail', 'failing', 'unable', 'cannot', "can't", 'could not', 'couldn\'t', 'severe', 'critical'] },
  { id: 'system.http-5xx', class: 'system_failure', weight: 2.5, attribute: { keys: ['http.response.status_code', 'http.status_code', 'status_code', 'status'], in: [500, 501, 505, 507, 508] } },
  { id: 'system.exception-type', class: 'system_failure', weight: 2.5, attribute: { keys: ['exception.type', 'error.type'], pattern: 'nullpointer|null_pointer|typeerror|referenceerror|illegalstate|assert|outofmemory|stackoverflow|panic|runtime|indexoutofbounds|keyerror|attributeerror|segfault|internal' } },

  // ---------------------------------------------------------------- performance
  { id: 'performance.timeout', class: 'performance', weight: 3, words: [
    'timeout', 'timeouts', 'timed out', 'time out', 'time-out', 'deadline exceeded', 'deadline_exceeded', 'took too long', 'too slow',
    'slow query', 'slow request', 'slow response', 'slow operation', 'high latency', 'latency', 'response time',
    'gc pause', 'gc overhead', 'long gc', 'full gc', 'garbage collect*', 'stop-the-world', 'pause time',
    'high load', 'load average', 'overload*', 'throttl*', 'rate limit*', 'rate-limit*', 'too many requests', 'backpressure', 'back pressure',
    'queue full', 'queue is full', 'backlog', 'saturat*', 'congest*', 'resource exhausted', 'resource_exhausted', 'exhausted',
    'cpu usage', 'cpu utilization', 'high cpu', 'memory pressure', 'swapping', 'thrashing', 'blocked for more than', 'hung task', 'stalled',
    'lagging', 'lag', 'degraded performance', 'is slow', 'running slow', 'exceeds threshold',
  ] },
  { id: 'performance.slow', class: 'performance', weight: 1.5, words: ['slow', 'deadline', 'exceeding deadline', 'slowly', 'delay*', 'waiting', 'retry*', 'retries', 'pool exhausted', 'busy', 'pending'] },
  { id: 'performance.http-status', class: 'performance', weight: 3, attribute: { keys: ['http.response.status_code', 'http.status_code', 'status_code', 'status'], in: [408, 429, 504] } },
  { id: 'performance.slow-request-ms', class: 'performance', weight: 2, attribute: { keys: ['duration_ms', 'http.server.duration_ms', 'latency_ms', 'elapsed_ms'], min: 5000 } },
  { id: 'performance.slow-request-s', class: 'performance', weight: 2, attribute: { keys: ['http.server.request.duration', 'duration_s'], min: 5 } },
  { id: 'performance.exception-type', class: 'performance', weight: 3, attribute: { keys: ['exception.type', 'error.type'], pattern: 'timeout|deadline|ratelimit|rate_limit|throttl|toomanyrequests|resourceexhausted' } },

  // ---------------------------------------------------------------- network
  { id: 'network.connection', class: 'network', weight: 3, words: [
    'connection refused', 'connection reset', 'connection reset by peer', 'connection aborted', 'connection closed unexpectedly',
    'connection lost', 'lost connection', 'connection failure', 'connection failed', 'connection error', 'connect failed', 'failed to connect',
    'unable to connect', 'could not connect', 'cannot connect', "can't connect", 'couldn\'t connect', 'no route to host', 'network is unreachable',
    'host unreachable', 'host is unreachable', 'unreachable', 'econnrefused', 'econnreset', 'econnaborted', 'ehostunreach', 'enetunreach', 'epipe', 'broken pipe',
    'connectexception', 'sockettimeoutexception', 'unknownhost*', 'noroutetohost*', 'name resolution', 'could not resolve', 'failed to resolve',
    'unable to resolve', 'temporary failure in name resolution', 'nxdomain', 'dns', 'getaddrinfo', 'name or service not known',
    'link down', 'link is down', 'link failure', 'carrier lost', 'packet loss', 'dropped packets', 'retransmit*', 'bad gateway', 'service unavailable',
    'handshake failed', 'ssl error', 'tls error', 'network error', 'network failure', 'peer closed', 'closed by peer', 'disconnected',
  ] },
  { id: 'network.words', class: 'network', weight: 1.5, words: ['socket', 'network', 'connection', 'connect', 'upstream', 'tcp', 'udp', 'rpc', 'port', 'peer', 'interface', 'eth0', 'eth1', 'nic', 'ping', 'route', 'proxy', 'http', 'ssl', 'tls'] },
  { id: 'network.http-status', class: 'network', weight: 2.5, attribute: { keys: ['http.response.status_code', 'http.status_code', 'status_code', 'status'], in: [502, 503] } },
  { id: 'network.exception-type', class: 'network', weight: 3, attribute: { keys: ['exception.type', 'error.type'], pattern: 'connect|socket|unknownhost|noroute|unreachable|econn|ehost|enet|epipe|network|dns|eai_again|enotfound' } },

  // ---------------------------------------------------------------- config
  { id: 'config.invalid', class: 'config', weight: 3, words: [
    'configuration error', 'config error', 'invalid configuration', 'invalid config', 'misconfigur*', 'bad configuration', 'configuration invalid',
    'missing property', 'missing required', 'required property', 'missing configuration', 'missing config', 'missing setting', 'missing key',
    'not configured', 'no configuration', 'unknown option', 'unrecognized option', 'unrecognised option', 'unknown parameter', 'unknown property',
    'unknown key', 'unknown setting', 'unknown directive', 'invalid value', 'invalid setting', 'invalid option', 'invalid parameter', 'invalid property',
    'bad value', 'illegal value', 'is deprecated', 'deprecated', 'instead, use',
    'environment variable', 'env var', 'must be set', 'must be specified', 'should be set', 'config reload failed',
    'failed to load config*', 'could not load config*', 'cannot load config*', 'failed to parse config*', 'config file', 'configuration file', 'no such option',
  ] },
  { id: 'config.fallback', class: 'config', weight: 2, minSeverity: 'warn', words: ['using default', 'using defaults', 'falling back to default', 'fall back to default', 'defaulting to', 'not set', 'is not set', 'not found, using'] },
  { id: 'config.words', class: 'config', weight: 1.5, words: ['config', 'configuration', 'configured', 'property', 'properties', 'setting', 'settings', 'option', 'parameter', 'yaml', 'schema'] },
  { id: 'config.file', class: 'config', weight: 1, pattern: '\\.(?:ya?ml|conf|cfg|ini|toml|properties|json|xml)\\b' },
  { id: 'config.parse', class: 'config', weight: 1.5, words: ['parse error', 'failed to parse', 'syntax error', 'unexpected token', 'mapping values are not allowed', 'could not parse', 'invalid syntax'] },
  { id: 'config.exception-type', class: 'config', weight: 3, attribute: { keys: ['exception.type', 'error.type'], pattern: 'config|properties|yaml|settings|illegalargument|classnotfound|nosuchmethod|missingresource' } },

  // ---------------------------------------------------------------- hardware
  { id: 'hardware.disk', class: 'hardware', weight: 3, words: [
    'i/o error', 'io error', 'input/output error', 'eio', 'bad sector', 'bad block', 'bad blocks', 'sector', 'smart', 'reallocated', 'pending sector',
    'disk failure', 'disk error', 'disk failed', 'drive failure', 'drive failed', 'raid', 'degraded array', 'array degraded', 'media error', 'medium error',
    'read error', 'write error', 'filesystem error', 'ext3-fs error', 'ext4-fs error', 'xfs error', 'disk full', 'no space left on device', 'enospc',
    'scsi error', 'ata error', 'nvme', 'controller reset', 'lun', 'multipath',
  ] },
  { id: 'hardware.memory-cpu', class: 'hardware', weight: 3, words: [
    'ecc', 'ecc error', 'parity', 'parity error', 'machine check', 'mce', 'memory error', 'corrected error', 'correctable error', 'uncorrectable',
    'uncorrected', 'dimm', 'ddr', 'edram', 'bit flip', 'bit error', 'bit steering', 'tlb', 'cache error', 'cpu fault', 'cpu error', 'processor error',
    'hardware error', 'hardware failure', 'hardware fault', 'hw error', 'firmware', 'bios', 'bmc', 'ipmi',
  ] },
  { id: 'hardware.environment', class: 'hardware', weight: 3, words: [
    'temperature', 'overheat*', 'over temperature', 'thermal', 'fan', 'fans', 'fan speed', 'fan speeds', 'power supply', 'psu', 'voltage', 'power failure',
    'power loss', 'battery', 'ups', 'chassis', 'sensor', 'node card', 'link card', 'service card', 'midplane', 'serdes', 'torus',
  ] },
  { id: 'hardware.words', class: 'hardware', weight: 1.5, words: ['disk', 'disks', 'drive', 'device', 'hardware', 'cpu', 'memory', 'interrupt', 'dram', 'sda', 'sdb', 'hda', 'hdb', '/dev/*'] },
  { id: 'hardware.attribute', class: 'hardware', weight: 3, attribute: { keys: ['hw.type', 'hw.id', 'hw.state', 'disk.device', 'system.device'] } },
  { id: 'hardware.exception-type', class: 'hardware', weight: 3, attribute: { keys: ['exception.type', 'error.type'], pattern: '^eio$|ioexception:? ?disk|hardware|ecc|machinecheck|diskfull|enospc' } },

  // ---------------------------------------------------------------- normal (outcome words that pull a line back to normal)
  { id: 'normal.success', class: 'normal', weight: 1.5, words: [
    'success', 'succeeded', 'successful', 'successfully', 'completed', 'complete', 'done', 'ok', 'accepted', 'connected', 'established', 'ready',
    'started', 'starting', 'registered', 'healthy', 'recovered', 'restored', 'resolved', 'opened', 'closed', 'served', 'finished', 'loaded', 'created',
  ] },
  { id: 'normal.no-errors', class: 'normal', weight: 3, pattern: '\\b(?:no|0|zero) (?:errors?|failures?|problems?)\\b|\\berrors?[=:] ?0\\b|\\bfailures?[=:] ?0\\b' },
  { id: 'normal.http-2xx-3xx', class: 'normal', weight: 1, attribute: { keys: ['http.response.status_code', 'http.status_code', 'status_code', 'status'], min: 200, max: 399 } },
];
