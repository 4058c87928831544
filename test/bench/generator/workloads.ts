/**
 * The workloads a generated node runs: what a busy worker node of a shop-like company looks
 * like. Names, images and log styles only; how many run and how they behave is drawn by the plan.
 */
export type AppStyle = 'json' | 'logfmt' | 'nginx' | 'java' | 'python' | 'node' | 'klog' | 'coredns' | 'fluentbit';

export type OwnerKind = 'deployment' | 'statefulset' | 'daemonset' | 'static' | 'job';

export interface ContainerSpec {
  name: string;
  image: string;
  style: AppStyle;
  /** The process name the kernel prints (at most 15 characters). */
  comm: string;
  /** A completed init container: one short log, never restarted. */
  init?: boolean;
}

export interface WorkloadSpec {
  namespace: string;
  name: string;
  owner: OwnerKind;
  containers: ContainerSpec[];
  /** Optional sidecars: each is added to a pod with probability 1/2. */
  sidecars?: ContainerSpec[];
}

const envoy: ContainerSpec = { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.3', style: 'json', comm: 'envoy' };
const shipper: ContainerSpec = { name: 'log-shipper', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1.4', style: 'fluentbit', comm: 'fluent-bit' };
const rbacProxy: ContainerSpec = { name: 'kube-rbac-proxy', image: 'quay.io/brancz/kube-rbac-proxy:v0.18.0', style: 'klog', comm: 'kube-rbac-proxy' };

/** One pod each per node. */
export const DAEMONSETS: WorkloadSpec[] = [
  { namespace: 'kube-system', name: 'kube-proxy', owner: 'daemonset', containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.30.4', style: 'klog', comm: 'kube-proxy' }] },
  {
    namespace: 'kube-system',
    name: 'calico-node',
    owner: 'daemonset',
    containers: [
      { name: 'install-cni', image: 'docker.io/calico/cni:v3.28.1', style: 'logfmt', comm: 'install', init: true },
      { name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', style: 'logfmt', comm: 'calico-node' },
    ],
  },
  {
    namespace: 'kube-system',
    name: 'ebs-csi-node',
    owner: 'daemonset',
    containers: [
      { name: 'ebs-plugin', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.34.0', style: 'klog', comm: 'aws-ebs-csi-dri' },
      { name: 'node-driver-registrar', image: 'public.ecr.aws/eks-distro/kubernetes-csi/node-driver-registrar:v2.11.1', style: 'klog', comm: 'csi-node-driver' },
      { name: 'liveness-probe', image: 'public.ecr.aws/eks-distro/kubernetes-csi/livenessprobe:v2.13.1', style: 'klog', comm: 'livenessprobe' },
    ],
  },
  { namespace: 'logging', name: 'fluent-bit', owner: 'daemonset', containers: [{ name: 'fluent-bit', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1.4', style: 'fluentbit', comm: 'fluent-bit' }] },
  {
    namespace: 'monitoring',
    name: 'node-exporter',
    owner: 'daemonset',
    containers: [{ name: 'node-exporter', image: 'quay.io/prometheus/node-exporter:v1.8.2', style: 'logfmt', comm: 'node_exporter' }, rbacProxy],
  },
];

/** kubespray runs an nginx proxy to the API servers as a static pod on every worker. */
export const STATIC_PODS: WorkloadSpec[] = [
  { namespace: 'kube-system', name: 'nginx-proxy', owner: 'static', containers: [{ name: 'nginx-proxy', image: 'docker.io/library/nginx:1.25.4-alpine', style: 'nginx', comm: 'nginx' }] },
];

/** Drawn with repetition: a node holds several replicas of the busy ones. */
export const APPS: WorkloadSpec[] = [
  { namespace: 'shop', name: 'checkout', owner: 'deployment', containers: [{ name: 'api', image: 'registry.example.com/shop/checkout:1.14.2', style: 'java', comm: 'java' }], sidecars: [envoy] },
  { namespace: 'shop', name: 'cart', owner: 'deployment', containers: [{ name: 'cart', image: 'registry.example.com/shop/cart:2.3.0', style: 'json', comm: 'cart' }], sidecars: [envoy] },
  { namespace: 'shop', name: 'catalog', owner: 'deployment', containers: [{ name: 'catalog', image: 'registry.example.com/shop/catalog:5.0.1', style: 'node', comm: 'node' }], sidecars: [envoy] },
  { namespace: 'shop', name: 'frontend', owner: 'deployment', containers: [{ name: 'web', image: 'registry.example.com/shop/frontend:3.8.7', style: 'nginx', comm: 'nginx' }] },
  {
    namespace: 'shop',
    name: 'recommendation',
    owner: 'deployment',
    containers: [{ name: 'model-server', image: 'registry.example.com/shop/recommendation:0.9.4', style: 'python', comm: 'gunicorn' }],
  },
  { namespace: 'payments', name: 'payments-api', owner: 'deployment', containers: [{ name: 'api', image: 'registry.example.com/payments/api:7.2.0', style: 'java', comm: 'java' }], sidecars: [envoy] },
  { namespace: 'payments', name: 'fraud-scorer', owner: 'deployment', containers: [{ name: 'scorer', image: 'registry.example.com/payments/fraud-scorer:1.1.3', style: 'python', comm: 'python3' }] },
  {
    namespace: 'search',
    name: 'search-api',
    owner: 'deployment',
    containers: [{ name: 'api', image: 'registry.example.com/search/api:4.4.1', style: 'json', comm: 'search-api' }],
    sidecars: [shipper],
  },
  { namespace: 'search', name: 'indexer', owner: 'deployment', containers: [{ name: 'indexer', image: 'registry.example.com/search/indexer:4.4.1', style: 'logfmt', comm: 'indexer' }] },
  { namespace: 'notifications', name: 'mailer', owner: 'deployment', containers: [{ name: 'worker', image: 'registry.example.com/notifications/mailer:2.0.9', style: 'node', comm: 'node' }] },
  {
    namespace: 'auth',
    name: 'auth-service',
    owner: 'deployment',
    containers: [{ name: 'auth', image: 'registry.example.com/auth/service:3.3.3', style: 'json', comm: 'auth-service' }],
    sidecars: [envoy],
  },
  { namespace: 'kube-system', name: 'coredns', owner: 'deployment', containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.1', style: 'coredns', comm: 'coredns' }] },
  {
    namespace: 'kube-system',
    name: 'metrics-server',
    owner: 'deployment',
    containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.1', style: 'klog', comm: 'metrics-server' }],
  },
  {
    namespace: 'ingress-nginx',
    name: 'ingress-nginx-controller',
    owner: 'deployment',
    containers: [{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2', style: 'nginx', comm: 'nginx' }],
  },
  {
    namespace: 'data',
    name: 'postgres',
    owner: 'statefulset',
    containers: [{ name: 'postgres', image: 'docker.io/library/postgres:16.4', style: 'logfmt', comm: 'postgres' }],
    sidecars: [{ name: 'exporter', image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0', style: 'logfmt', comm: 'postgres_export' }],
  },
  { namespace: 'data', name: 'redis', owner: 'statefulset', containers: [{ name: 'redis', image: 'docker.io/library/redis:7.2.5', style: 'logfmt', comm: 'redis-server' }] },
  { namespace: 'data', name: 'kafka', owner: 'statefulset', containers: [{ name: 'kafka', image: 'docker.io/bitnami/kafka:3.7.1', style: 'java', comm: 'java' }] },
  { namespace: 'analytics', name: 'report-builder', owner: 'job', containers: [{ name: 'builder', image: 'registry.example.com/analytics/report-builder:2024.11', style: 'python', comm: 'python3' }] },
  { namespace: 'shop', name: 'db-migrate', owner: 'job', containers: [{ name: 'migrate', image: 'registry.example.com/shop/migrations:1.14.2', style: 'logfmt', comm: 'migrate' }] },
];
