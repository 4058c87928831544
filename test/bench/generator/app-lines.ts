/**
 * What applications print, one style per kind of workload: Go services with zap JSON or logfmt,
 * nginx access logs, Java with logback and stack traces, Python with tracebacks, Node with pino,
 * Kubernetes components with klog, CoreDNS query logs, Fluent Bit. Each call writes one event,
 * which may be several lines (a stack trace). Values vary per line so the text compresses like
 * real logs (about 5–10×), not like a bomb.
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import type { AppStyle } from './workloads.js';
import type { TimeText } from './time-text.js';

export type LogStream = 'stdout' | 'stderr';
export type LineSink = (stream: LogStream, text: string) => void;
/** Writes the event(s) of one moment `ms`. */
export type AppEventWriter = (ms: number, emit: LineSink) => void;

export interface AppContext {
  random: SeededRandom;
  time: TimeText;
  pod: string;
  podIp: string;
}

const PATHS = ['/api/v1/orders', '/api/v1/cart/items', '/api/v1/products', '/api/v2/search', '/healthz', '/readyz', '/metrics', '/api/v1/users/me', '/api/v1/payments/authorize', '/static/app.js'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 200, 200, 200, 201, 204, 304, 400, 401, 404, 409, 500, 502, 503];
const AGENTS = [
  'kube-probe/1.30',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0 Safari/537.36',
  'okhttp/4.12.0',
  'Go-http-client/1.1',
  'Prometheus/2.54.1',
  'curl/8.9.1',
];
const WORDS = ['order', 'cart', 'session', 'payment', 'invoice', 'customer', 'shipment', 'token', 'cache', 'index', 'batch', 'query', 'partition', 'consumer', 'lease'];
const GREETINGS = ['Grüße aus München', 'commande validée ✔', '注文を受け付けました', 'заказ принят', 'pedido confirmado'];

function ip(random: SeededRandom): string {
  return `10.244.${random.int(40)}.${random.between(2, 250)}`;
}

function path(random: SeededRandom): string {
  const base = random.pick(PATHS);
  return base.startsWith('/api') && random.chance(0.5) ? `${base}/${random.int(100_000)}` : base;
}

function jsonLine(ctx: AppContext): AppEventWriter {
  const { random, time } = ctx;
  return (ms, emit) => {
    const status = random.pick(STATUSES);
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    const extra = random.chance(0.0004) ? `,"payload":"${random.hex(random.between(20_000, 70_000))}"` : '';
    const greeting = random.chance(0.01) ? `,"note":"${random.pick(GREETINGS)}"` : '';
    emit(
      level === 'error' ? 'stderr' : 'stdout',
      `{"level":"${level}","ts":"${time.isoMillis(ms)}","caller":"server/handler.go:${random.between(40, 400)}","msg":"request completed","method":"${random.pick(METHODS)}","path":"${path(random)}","status":${status},"duration_ms":${(random.next() * 250).toFixed(2)},"request_id":"${random.hex(16)}","peer":"${ip(random)}:${random.between(30_000, 60_999)}"${greeting}${extra}}`,
    );
  };
}

function logfmtLine(ctx: AppContext): AppEventWriter {
  const { random, time } = ctx;
  return (ms, emit) => {
    const level = random.pick(['info', 'info', 'info', 'info', 'debug', 'warn', 'error']);
    const word = random.pick(WORDS);
    emit(
      level === 'error' ? 'stderr' : 'stdout',
      `time="${time.isoMillis(ms)}" level=${level} msg="processed ${word} batch" component=${word}-worker batch=${random.int(1_000_000)} items=${random.int(500)} took=${random.int(900)}ms lag=${random.int(20_000)}`,
    );
  };
}

function nginxLine(ctx: AppContext): AppEventWriter {
  const { random, time } = ctx;
  return (ms, emit) => {
    if (random.chance(0.01)) {
      emit(
        'stderr',
        `${time.spaced(ms).slice(0, 19).replaceAll('-', '/')} [error] 29#29: *${random.int(9_000_000)} connect() failed (111: Connection refused) while connecting to upstream, client: ${ip(random)}, server: _, request: "GET ${path(random)} HTTP/1.1", upstream: "http://${ip(random)}:8080${path(random)}", host: "shop.example.com"`,
      );
      return;
    }
    emit(
      'stdout',
      `${ip(random)} - - [${time.nginx(ms)}] "${random.pick(METHODS)} ${path(random)} HTTP/1.1" ${random.pick(STATUSES)} ${random.int(60_000)} "-" "${random.pick(AGENTS)}" ${random.int(3000)} ${(random.next() * 0.4).toFixed(3)} [shop-frontend-80] [] ${ip(random)}:8080 ${random.int(60_000)} ${(random.next() * 0.4).toFixed(3)} 200 ${random.hex(32)}`,
    );
  };
}

const JAVA_FRAMES = [
  'at com.example.shop.checkout.OrderService.placeOrder(OrderService.java:214)',
  'at com.example.shop.checkout.OrderController.create(OrderController.java:88)',
  'at java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
  'at org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)',
  'at org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)',
  'at org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1740)',
  'at java.base/java.lang.Thread.run(Thread.java:1583)',
];

function javaLine(ctx: AppContext): AppEventWriter {
  const { random, time } = ctx;
  return (ms, emit) => {
    const thread = `http-nio-8080-exec-${random.between(1, 200)}`;
    if (random.chance(0.004)) {
      emit('stdout', `${time.spaced(ms)} ERROR 1 --- [${thread}] c.e.shop.checkout.OrderController   : Request failed for order ${random.int(1_000_000)}`);
      emit('stdout', `org.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL [select * from orders where id = ?]; timeout after ${random.int(30_000)}ms`);
      for (const frame of JAVA_FRAMES.slice(0, random.between(3, JAVA_FRAMES.length))) emit('stdout', `\t${frame}`);
      emit('stdout', `Caused by: java.net.SocketTimeoutException: Read timed out`);
      emit('stdout', `\t... ${random.between(20, 90)} common frames omitted`);
      return;
    }
    const level = random.pick(['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN']);
    emit(
      'stdout',
      `${time.spaced(ms)}  ${level.padStart(5)} 1 --- [${thread}] c.e.shop.checkout.OrderService       : ${random.pick(WORDS)} ${random.int(1_000_000)} ${random.pick(['created', 'updated', 'reserved', 'released', 'cached'])} in ${random.int(400)} ms (heap ${random.between(200, 980)}M/1024M)`,
    );
  };
}

function pythonLine(ctx: AppContext): AppEventWriter {
  const { random, time } = ctx;
  return (ms, emit) => {
    if (random.chance(0.003)) {
      emit('stderr', `${time.spaced(ms, ',')} ERROR [worker-${random.int(8)}] job ${random.hex(12)} failed`);
      emit('stderr', 'Traceback (most recent call last):');
      emit('stderr', '  File "/app/worker/jobs.py", line 142, in run');
      emit('stderr', '    result = self.model.predict(batch)');
      emit('stderr', '  File "/usr/local/lib/python3.12/site-packages/sklearn/utils/_set_output.py", line 313, in wrapped');
      emit('stderr', '    data_to_wrap = f(self, X, *args, **kwargs)');
      emit('stderr', `ValueError: Input contains NaN, infinity or a value too large for dtype('float64'). row=${random.int(100_000)}`);
      return;
    }
    emit(
      'stderr',
      `${time.spaced(ms, ',')} INFO [worker-${random.int(8)}] scored batch ${random.int(1_000_000)}: ${random.int(512)} rows in ${(random.next() * 3).toFixed(3)}s (p95 ${(random.next() * 90).toFixed(1)}ms)`,
    );
  };
}

function nodeLine(ctx: AppContext): AppEventWriter {
  const { random } = ctx;
  return (ms, emit) => {
    const status = random.pick(STATUSES);
    emit(
      'stdout',
      `{"level":${status >= 500 ? 50 : 30},"time":${Math.floor(ms)},"pid":1,"hostname":"${ctx.pod}","req":{"id":${random.int(10_000_000)},"method":"${random.pick(METHODS)}","url":"${path(random)}","remoteAddress":"::ffff:${ip(random)}"},"res":{"statusCode":${status}},"responseTime":${(random.next() * 120).toFixed(3)},"msg":"request completed"}`,
    );
  };
}

const KLOG_MESSAGES = [
  (r: SeededRandom) => `proxier.go:${r.between(700, 900)}] "SyncProxyRules complete" elapsed="${(r.next() * 80).toFixed(6)}ms"`,
  (r: SeededRandom) => `reflector.go:${r.between(300, 600)}] "Watch close" reflector="k8s.io/client-go/informers/factory.go:160" type="*v1.EndpointSlice" totalItems=${r.int(900)}`,
  (r: SeededRandom) =>
    `node.go:${r.between(90, 200)}] "NodeGetVolumeStats: called" args="{VolumeId:vol-0${r.hex(16)} VolumePath:/var/lib/kubelet/pods/${r.uuid()}/volumes/kubernetes.io~csi/pvc-${r.uuid()}/mount}"`,
  (r: SeededRandom) => `server.go:${r.between(100, 300)}] "Scraped metrics" nodes=1 pods=${r.int(110)} duration="${r.int(900)}ms"`,
];

function klogLine(ctx: AppContext): AppEventWriter {
  const { random, time } = ctx;
  return (ms, emit) => emit('stderr', `${random.chance(0.05) ? 'W' : 'I'}${time.klog(ms)}       1 ${random.pick(KLOG_MESSAGES)(random)}`);
}

function corednsLine(ctx: AppContext): AppEventWriter {
  const { random } = ctx;
  const names = ['orders.shop.svc.cluster.local.', 'redis.data.svc.cluster.local.', 'api.example.com.', 'kafka-0.kafka.data.svc.cluster.local.', 'sts.amazonaws.com.'];
  return (_ms, emit) =>
    emit(
      'stdout',
      `[INFO] ${ip(random)}:${random.between(30_000, 60_999)} - ${random.int(65_536)} "${random.pick(['A', 'AAAA'])} IN ${random.pick(names)} udp ${random.between(40, 90)} false 512" ${random.pick(['NOERROR', 'NOERROR', 'NXDOMAIN'])} qr,aa,rd ${random.between(80, 300)} ${(random.next() * 0.002).toFixed(6)}s`,
    );
}

function fluentbitLine(ctx: AppContext): AppEventWriter {
  const { random, time } = ctx;
  return (ms, emit) => {
    const stamp = time.spaced(ms).slice(0, 19).replaceAll('-', '/');
    if (random.chance(0.02))
      emit(
        'stderr',
        `[${stamp}] [ warn] [engine] failed to flush chunk '1-${Math.floor(ms / 1000)}.${random.int(999_999_999)}.flb', retry in ${random.between(5, 60)} seconds: task_id=${random.int(200)}, input=tail.0 > output=es.0 (out_id=0)`,
      );
    else
      emit(
        'stderr',
        `[${stamp}] [ info] [input:tail:tail.0] inotify_fs_add(): inode=${random.int(90_000_000)} watch_fd=${random.int(600)} name=/var/log/containers/${ctx.pod}_app-${random.hex(64)}.log`,
      );
  };
}

const WRITERS: Record<AppStyle, (ctx: AppContext) => AppEventWriter> = {
  json: jsonLine,
  logfmt: logfmtLine,
  nginx: nginxLine,
  java: javaLine,
  python: pythonLine,
  node: nodeLine,
  klog: klogLine,
  coredns: corednsLine,
  fluentbit: fluentbitLine,
};

export function appEventWriter(style: AppStyle, ctx: AppContext): AppEventWriter {
  return WRITERS[style](ctx);
}
