import type { ClassRule } from './rule-types.js';

/**
 * The built-in evidence table, written from operations knowledge of what each class of log line
 * says (not from any data set's lines). Weights: 4 = decisive, 3 = strong, 1.5-2 = a hint that
 * wins only at WARN or above or together with other evidence. Topic rules (`topic: true`) name
 * what a line is about and count only when the line reports a problem. A trailing `*` in a word
 * matches any continuation (`throttl*` = throttle, throttled, throttling).
 */
const STATUS_KEYS = ['http.response.status_code', 'http.status_code', 'status_code', 'status'];
const ERROR_TYPE_KEYS = ['exception.type', 'error.type'];

export const DEFAULT_RULES: ClassRule[] = [
  // ---------------------------------------------------------------- generic problem evidence
  // Generic problem evidence counts for system_failure only when no specific rule of another class
  // matched: "Write failed: Connection reset by peer" is network, not a failure of unknown cause.
  { id: 'problem.words', class: 'system_failure', weight: 1, generic: true, words: [
    'error', 'errors', 'failed', 'failure', 'failures', 'fail', 'failing', 'unable', 'cannot', "can't", 'could not', "couldn't",
    'severe', 'critical', 'warning', 'problem', 'bad', 'abnormal', 'illegal', 'invalid', 'unexpected', 'exceeds', 'exceeded',
    'unavailable', 'not functional', 'no longer', 'lost', 'reset', 'retrying', 'abort', 'aborted', 'aborting', 'fatal',
  ] },
  // "X failed", "failed to X", "error: ..." state a failure outright, whatever the level.
  { id: 'problem.statement', class: 'system_failure', weight: 1.5, generic: true, pattern: '\\bfailed to\\b|\\bfailed:|:\\s*failed\\b|\\berror:|\\bfailure:|\\berror (?:in|while|during)\\b' },

  // ---------------------------------------------------------------- security
  { id: 'security.auth-failure', class: 'security', weight: 3, words: [
    'authentication failure', 'authentication failures', 'authentication failed', 'auth failure', 'auth failed', 'auth fail', 'authentication error',
    'failed password', 'failed publickey', 'failed keyboard-interactive', 'failed none',
    'invalid user', 'illegal user', 'unknown user', 'user unknown', 'no such user',
    'login failed', 'failed login', 'failed logins', 'failed login attempts', 'login failure', 'login failures', 'logon failure',
    'failed to authenticate', 'failed authentication', 'invalid password', 'wrong password', 'bad password', 'incorrect password',
    'password mismatch', 'password check failed', 'invalid credentials', 'bad credentials', 'invalid token', 'expired token', 'token expired',
    'invalid signature',
  ] },
  { id: 'security.access-denied', class: 'security', weight: 3, words: [
    'permission denied', 'access denied', 'access is denied', 'unauthorized', 'unauthorised', 'forbidden',
    'not authorized', 'not authorised', 'not permitted', 'operation not permitted', 'not in sudoers', 'insufficient privileges',
    'missing permission', 'requires permission', 'privilege escalation', 'avc: denied',
  ] },
  { id: 'security.attack', class: 'security', weight: 4, words: [
    'break-in', 'brute force', 'brute-force', 'intrusion', 'sql injection', 'xss', 'csrf', 'malware', 'virus',
    'port scan', 'possible attack', 'too many authentication failures', 'maximum authentication attempts',
    'account locked', 'locked out', 'blocked ip', 'banned', 'blacklisted', 'suspicious',
  ] },
  // An ssh session that ends before authentication is a probe or a failed guess.
  { id: 'security.preauth', class: 'security', weight: 3, pattern: '\\[preauth\\]' },
  { id: 'security.topic', class: 'security', weight: 1.5, topic: true, words: ['authentication', 'credentials', 'sudo', 'selinux', 'audit', 'certificate', 'login', 'logins', 'password', 'permission', 'permissions', 'token'] },
  { id: 'security.http-401-403', class: 'security', weight: 3, attribute: { keys: STATUS_KEYS, in: [401, 403, 407] } },
  { id: 'security.auth-outcome', class: 'security', weight: 3, attribute: { keys: ['auth.result', 'auth.outcome', 'event.outcome', 'login.result'], pattern: '^(?:fail|failure|failed|denied|rejected|invalid)$' } },
  { id: 'security.exception-type', class: 'security', weight: 3, attribute: { keys: ERROR_TYPE_KEYS, pattern: 'auth|security|permission|accessdenied|forbidden|credential|unauthori[sz]ed|csrf' } },

  // ---------------------------------------------------------------- system failure
  { id: 'system.crash', class: 'system_failure', weight: 3, words: [
    'out of memory', 'outofmemory*', 'oom', 'oom-killer', 'oom-kill', 'oomkilled', 'segfault', 'segmentation fault', 'sigsegv', 'sigabrt', 'sigbus',
    'core dump*', 'core dumped', 'generating core*', 'kernel panic', 'panic', 'panicked', 'crash*', 'unhandled exception', 'uncaught exception',
    'unhandled error', 'stack overflow', 'stackoverflow*', 'deadlock*', 'assertion failed', 'assertion failure', 'assert', 'crashloopbackoff',
    'back-off restarting', 'terminated unexpectedly', 'exited unexpectedly', 'died', 'killed process', 'shutting down due to', 'heap space',
  ] },
  { id: 'system.exit', class: 'system_failure', weight: 2, pattern: '\\bexit(?:ed)?(?: with)? (?:code|status)[ =:]*(?:[1-9]|<\\*>)|\\bexit (?:code|status) (?:[1-9]|<\\*>)|\\bkilled\\b|\\bsigkill\\b' },
  { id: 'system.start-failure', class: 'system_failure', weight: 3, words: [
    'failed to start', 'unable to start', 'cannot start', 'could not start', 'failed to launch', 'startup failed', 'failed to initialize',
    'failed to initialise', 'initialization failed', 'restart loop', 'respawning too fast', 'not responding', 'hung', 'not running',
  ] },
  { id: 'system.restart', class: 'system_failure', weight: 1.5, words: ['restarting', 'restarted', 'respawn*', 'restart count', 'back-off'] },
  { id: 'system.exception', class: 'system_failure', weight: 2, words: [
    'exception', 'exceptions', '*exception', 'traceback', 'stack trace', 'stacktrace', 'nullpointer*', 'null pointer', 'nil pointer', 'undefined is not',
    'cannot read properties', 'internal error', 'internal server error', 'fatal error', 'unrecoverable', 'corrupt*', 'inconsistent',
    'task failed', 'job failed', 'lost task', 'failed task', 'failing task', 'failed to process', 'processing failed', 'rollback', 'rolled back',
  ] },
  // A server error named in the text: "returned 500", "status code 500".
  { id: 'system.http-500-text', class: 'system_failure', weight: 2, pattern: '\\b(?:returned|status(?: code)?|code|http)[ :=]*50[01]\\b' },
  { id: 'system.http-5xx', class: 'system_failure', weight: 2.5, attribute: { keys: STATUS_KEYS, in: [500, 501, 505, 507, 508] } },
  { id: 'system.exception-type', class: 'system_failure', weight: 2.5, attribute: { keys: ERROR_TYPE_KEYS, pattern: 'nullpointer|null_pointer|typeerror|referenceerror|illegalstate|assert|outofmemory|stackoverflow|panic|runtime|indexoutofbounds|keyerror|attributeerror|segfault|internal' } },

  // ---------------------------------------------------------------- performance
  { id: 'performance.timeout', class: 'performance', weight: 3, words: [
    'timeout', 'timeouts', 'timed out', 'time out', 'time-out', 'deadline exceeded', 'deadline_exceeded', 'took too long', 'too slow',
    'slow query', 'slow request', 'slow response', 'slow operation', 'slow call', 'high latency', 'long gc', 'gc overhead',
    'high load', 'overload*', 'throttl*', 'rate limit*', 'rate-limit*', 'too many requests', 'backpressure', 'back pressure',
    'queue full', 'queue is full', 'backlog', 'saturat*', 'congest*', 'resource exhausted', 'resource_exhausted', 'exhausted',
    'high cpu', 'memory pressure', 'swapping', 'thrashing', 'blocked for more than', 'hung task', 'stalled',
    'lagging', 'degraded performance', 'is slow', 'running slow', 'responded slowly', 'exceeds threshold',
  ] },
  { id: 'performance.topic', class: 'performance', weight: 1.5, topic: true, words: [
    'slow', 'slowly', 'latency', 'response time', 'took', 'deadline', 'delay*', 'waiting', 'retry*', 'retries', 'busy', 'pending',
    'gc pause', 'full gc', 'garbage collect*', 'pause time', 'load average', 'cpu usage', 'cpu utilization', 'lag',
  ] },
  { id: 'performance.http-status', class: 'performance', weight: 3, attribute: { keys: STATUS_KEYS, in: [408, 429, 504] } },
  { id: 'performance.http-504-text', class: 'performance', weight: 2, pattern: '\\b(?:returned|status(?: code)?|code|http)[ :=]*504\\b|\\bgateway time-?out\\b' },
  { id: 'performance.slow-request-ms', class: 'performance', weight: 2, attribute: { keys: ['duration_ms', 'http.server.duration_ms', 'latency_ms', 'elapsed_ms'], min: 5000 } },
  { id: 'performance.slow-request-s', class: 'performance', weight: 2, attribute: { keys: ['http.server.request.duration', 'duration_s'], min: 5 } },
  { id: 'performance.exception-type', class: 'performance', weight: 3, attribute: { keys: ERROR_TYPE_KEYS, pattern: 'timeout|deadline|ratelimit|rate_limit|throttl|toomanyrequests|resourceexhausted' } },

  // ---------------------------------------------------------------- network
  { id: 'network.connection', class: 'network', weight: 3, words: [
    'connection refused', 'connection reset', 'connection reset by peer', 'connection aborted', 'connection closed unexpectedly',
    'connection lost', 'lost connection', 'connection failure', 'connection failed', 'connection error', 'connection broken', 'connect failed',
    'failed to connect', 'unable to connect', 'could not connect', 'cannot connect', "can't connect", "couldn't connect", 'retrying connect', 'reconnect*',
    'failed to contact', 'unable to contact', 'cannot contact', 'error in contacting', 'cannot open channel', 'no route to host', 'network is unreachable',
    'host unreachable', 'host is unreachable', 'unreachable', 'econnrefused', 'econnreset', 'econnaborted', 'ehostunreach', 'enetunreach', 'epipe', 'broken pipe',
    'connectexception', 'unknownhost*', 'noroutetohost*', 'name resolution', 'could not resolve', 'failed to resolve',
    'unable to resolve', 'temporary failure in name resolution', 'nxdomain', 'dns', 'getaddrinfo', 'name or service not known',
    'link down', 'link is down', 'link failure', 'link error', 'link errors', 'linkerror', 'severed', 'carrier lost', 'packet loss', 'dropped packets',
    'retransmit*', 'bad gateway', 'service unavailable', 'handshake failed', 'ssl error', 'tls error', 'network error', 'network failure',
    'peer closed', 'closed by peer', 'end of stream',
  ] },
  // A timeout of the connection itself is a network problem, more specific than "timed out".
  { id: 'network.connection-timeout', class: 'network', weight: 4, words: ['connection timed out', 'connect timed out', 'connection timeout', 'connect timeout', 'socket timeout', 'sockettimeoutexception', 'etimedout'] },
  { id: 'network.topic', class: 'network', weight: 1.5, topic: true, words: [
    'socket', 'network', 'connection', 'connections', 'connect', 'connected', 'disconnected', 'disconnect', 'upstream', 'tcp', 'udp', 'rpc', 'port', 'peer',
    'interface', 'eth0', 'eth1', 'nic', 'ping', 'route', 'proxy', 'http', 'ssl', 'tls', 'link', 'channel', 'wire', 'gateway', 'dhcp',
  ] },
  { id: 'network.http-status', class: 'network', weight: 2.5, attribute: { keys: STATUS_KEYS, in: [502, 503] } },
  { id: 'network.http-502-503-text', class: 'network', weight: 2, pattern: '\\b(?:returned|status(?: code)?|code|http)[ :=]*50[23]\\b' },
  { id: 'network.exception-type', class: 'network', weight: 3, attribute: { keys: ERROR_TYPE_KEYS, pattern: 'connect|socket|unknownhost|noroute|unreachable|econn|ehost|enet|epipe|network|dns|eai_again|enotfound' } },

  // ---------------------------------------------------------------- config
  { id: 'config.invalid', class: 'config', weight: 3, words: [
    'configuration error', 'config error', 'invalid configuration', 'invalid config', 'misconfigur*', 'bad configuration', 'configuration invalid',
    'missing property', 'missing required', 'required property', 'missing configuration', 'missing config', 'missing setting', 'missing key',
    'not configured', 'unknown option', 'unrecognized option', 'unrecognised option', 'unknown parameter', 'unknown property',
    'unknown key', 'unknown setting', 'unknown directive', 'invalid value', 'invalid setting', 'invalid option', 'invalid parameter', 'invalid property',
    'bad value', 'illegal value', 'is deprecated', 'deprecated', 'instead, use', 'environment variable', 'env var', 'must be set',
    'config reload failed', 'failed to load config*', 'could not load config*', 'cannot load config*', 'failed to parse config*', 'no such option',
    'address already in use', 'eaddrinuse', 'already in use',
  ] },
  { id: 'config.fallback', class: 'config', weight: 2, minSeverity: 'warn', words: ['using default', 'using defaults', 'falling back to default', 'fall back to default', 'defaulting to', 'not set', 'is not set', 'not found, using'] },
  { id: 'config.topic', class: 'config', weight: 1.5, topic: true, words: ['config', 'configuration', 'configured', 'property', 'properties', 'setting', 'settings', 'option', 'parameter', 'yaml', 'schema'] },
  { id: 'config.file', class: 'config', weight: 1, topic: true, pattern: '\\.(?:ya?ml|conf|cfg|ini|toml|properties|json|xml)\\b' },
  { id: 'config.parse', class: 'config', weight: 1.5, words: ['parse error', 'failed to parse', 'syntax error', 'unexpected token', 'mapping values are not allowed', 'could not parse', 'invalid syntax'] },
  { id: 'config.exception-type', class: 'config', weight: 3, attribute: { keys: ERROR_TYPE_KEYS, pattern: 'config|properties|yaml|settings|illegalargument|classnotfound|nosuchmethod|missingresource' } },

  // ---------------------------------------------------------------- hardware
  { id: 'hardware.disk', class: 'hardware', weight: 3, words: [
    'i/o error', 'io error', 'input/output error', 'eio', 'bad sector', 'bad sectors', 'bad block', 'bad blocks', 'reallocated', 'pending sector',
    'disk failure', 'disk error', 'disk failed', 'drive failure', 'drive failed', 'degraded array', 'array degraded', 'media error', 'medium error',
    'read error', 'write error', 'filesystem error', 'ext3-fs error', 'ext4-fs error', 'xfs error', 'disk full', 'is full', 'are full',
    'no space left on device', 'enospc', 'scsi error', 'ata error', 'controller reset', 'smart attribute', 'smart error', 'smart failure',
  ] },
  { id: 'hardware.fault', class: 'hardware', weight: 4, words: [
    'ecc error', 'ecc errors', 'parity error', 'memory error', 'ddr error*', 'edram error*', 'dram error*', 'cache error',
    'corrected error', 'correctable error', 'uncorrectable', 'uncorrected', 'bit flip', 'bit error', 'cpu fault', 'cpu error', 'processor error',
    'hardware error', 'hardware failure', 'hardware fault', 'hw error', 'overheat*', 'over temperature', 'thermal event', 'thermal shutdown',
    'power failure', 'power loss', 'psu failure', 'fan failure', 'fan failed',
  ] },
  // "Machine check" is a fault report, except the boot line saying reporting is enabled.
  { id: 'hardware.machine-check', class: 'hardware', weight: 4, pattern: '\\bmachine[ -]check\\b(?! (?:reporting|support|enabled?|initiali[sz]ed))|\\bmce:' },
  { id: 'hardware.topic', class: 'hardware', weight: 1.5, topic: true, words: [
    'disk', 'disks', 'drive', 'device', 'hardware', 'cpu', 'memory', 'dram', 'ddr', 'dimm', 'ecc', 'parity', 'raid', 'nvme', 'scsi', 'sata', 'ata', 'lun',
    'sda', 'sdb', 'hda', 'hdb', '/dev/*', 'temperature', 'thermal', 'fan', 'fans', 'fan speed', 'fan speeds', 'power', 'power supply', 'psu', 'voltage',
    'battery', 'ups', 'chassis', 'sensor', 'firmware', 'bios', 'bmc', 'ipmi', 'node card', 'link card', 'service card', 'midplane', 'ambient',
  ] },
  { id: 'hardware.attribute', class: 'hardware', weight: 3, attribute: { keys: ['hw.type', 'hw.id', 'hw.state', 'disk.device', 'system.device'] } },
  { id: 'hardware.exception-type', class: 'hardware', weight: 3, attribute: { keys: ERROR_TYPE_KEYS, pattern: '^eio$|ioexception:? ?disk|hardware|ecc|machinecheck|diskfull|enospc' } },

  // ---------------------------------------------------------------- normal (outcome words that pull a routine line back)
  { id: 'normal.success', class: 'normal', weight: 1.5, maxSeverity: 'info', words: [
    'success', 'succeeded', 'successful', 'successfully', 'completed', 'complete', 'done', 'ok', 'accepted', 'connected', 'established', 'ready',
    'started', 'starting', 'registered', 'healthy', 'recovered', 'restored', 'resolved', 'opened', 'closed', 'served', 'finished', 'loaded', 'created',
    'enabled', 'initialized', 'initialised', 'initializing', 'link is up', 'link up', 'slow start',
  ] },
  { id: 'normal.no-errors', class: 'normal', weight: 3, pattern: '\\b(?:no|0|zero) (?:errors?|failures?|problems?|alerts?)\\b|\\berrors?[=:] ?0\\b|\\bfailures?[=:] ?0\\b' },
  { id: 'normal.http-2xx-3xx', class: 'normal', weight: 1, attribute: { keys: STATUS_KEYS, min: 200, max: 399 } },
];
