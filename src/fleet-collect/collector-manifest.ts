import type { CollectorOptions } from './kubectl-args.js';

/**
 * Where debug pods are not allowed: one manifest that runs the same collector script on every
 * node as a DaemonSet (the script from a ConfigMap), leaving each bundle in the node's
 * /var/tmp, with the commands to wait for and fetch them as comments at the top. The objects are
 * written as JSON documents (JSON is YAML), so the 100 KiB script needs no YAML quoting rules.
 */
export interface ManifestRequest {
  namespace: string;
  image: string;
  collector: CollectorOptions;
  /** The collector script, stored as is in the ConfigMap. */
  script: string;
}

const APP = 'podmortem-collector';
const SCRIPT_DIR = '/podmortem';
/** Inside the pod: the archive's path, once the collector has written it (also the readiness signal). */
const ARCHIVE_NOTE = '/tmp/podmortem-archive';

export function renderCollectorManifest(request: ManifestRequest): string {
  const documents = [namespace(request), configMap(request), daemonSet(request)];
  return `${fetchComments(request.namespace)}${documents.map((document) => `---\n${JSON.stringify(document, null, 2)}\n`).join('')}`;
}

function fetchComments(ns: string): string {
  const lines = [
    `podmortem collector manifest: runs the collector once on every node (a DaemonSet in namespace ${ns}).`,
    "Each bundle stays in the node's /var/tmp (podmortem-<node>-<UTC>.tar.gz) after the namespace is deleted.",
    '',
    '  podmortem collector --manifest > podmortem-collector.json',
    '  kubectl create -f podmortem-collector.json',
    `  kubectl -n ${ns} rollout status daemonset/${APP} --timeout=15m   # ready = bundle written`,
    `  kubectl -n ${ns} get pods -l app.kubernetes.io/name=${APP} -o 'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName}{"\\n"}{end}' |`,
    `    while read -r pod node; do kubectl -n ${ns} exec "$pod" -- sh -c 'cat "$(cat ${ARCHIVE_NOTE})"' < /dev/null > "$node.tar.gz"; done`,
    `  kubectl -n ${ns} logs <pod>          # a node not ready: the collector's own messages`,
    '  kubectl delete -f podmortem-collector.json',
  ];
  return lines.map((line) => `# ${line}`.trimEnd()).join('\n') + '\n';
}

function namespace(request: ManifestRequest): object {
  // The pods are privileged (as `kubectl debug --profile=sysadmin`): Pod Security admission must allow it here.
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: request.namespace, labels: { 'pod-security.kubernetes.io/enforce': 'privileged', 'app.kubernetes.io/name': APP } },
  };
}

function configMap(request: ManifestRequest): object {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: APP, namespace: request.namespace, labels: { 'app.kubernetes.io/name': APP } },
    data: { 'podmortem-collect.sh': request.script },
  };
}

/** The container: run the collector once, note the archive's path, then wait to be fetched. */
export function containerScript(collector: CollectorOptions): string {
  const passed = [...(collector.since ? ['--since', collector.since] : []), ...(collector.budget ? ['--budget', collector.budget] : [])].map(shellQuote).join(' ');
  return [
    `sh ${SCRIPT_DIR}/podmortem-collect.sh --node "$NODE_NAME"${passed ? ` ${passed}` : ''} > /tmp/podmortem-collect.log 2>&1`,
    'status=$?',
    'cat /tmp/podmortem-collect.log',
    `sed -n 's/^archive: //p' /tmp/podmortem-collect.log > ${ARCHIVE_NOTE}.part && mv ${ARCHIVE_NOTE}.part ${ARCHIVE_NOTE}`,
    'echo "podmortem collector exited with $status"',
    'while :; do sleep 3600; done',
  ].join('\n');
}

function daemonSet(request: ManifestRequest): object {
  const labels = { 'app.kubernetes.io/name': APP };
  const container = {
    name: 'collector',
    image: request.image,
    command: ['sh', '-c', containerScript(request.collector)],
    env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
    securityContext: { privileged: true },
    readinessProbe: { exec: { command: ['test', '-s', ARCHIVE_NOTE] }, periodSeconds: 10 },
    volumeMounts: [
      { name: 'host-root', mountPath: '/host' },
      { name: 'script', mountPath: SCRIPT_DIR, readOnly: true },
    ],
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: APP, namespace: request.namespace, labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          // What `kubectl debug node --profile=sysadmin` gives: host namespaces, the host's / at /host.
          hostPID: true,
          hostNetwork: true,
          hostIPC: true,
          tolerations: [{ operator: 'Exists' }],
          containers: [container],
          volumes: [
            { name: 'host-root', hostPath: { path: '/' } },
            { name: 'script', configMap: { name: APP } },
          ],
        },
      },
    },
  };
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.:+=/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
