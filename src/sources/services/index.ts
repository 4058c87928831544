export { classifyServiceMessage, componentOf, type ServiceClassification, type ServiceMessage } from './classify-service-message.js';
export { ServiceCollector, type ServiceCollectorOptions, type ServiceData, type ServiceMessageInput } from './service-collector.js';
export { ServiceCounts, type ServiceLineCount } from './service-counts.js';
export { ServiceEventLog, type ServiceEventTotal } from './service-event-log.js';
export {
  MAX_EVENT_TEXT,
  EVICTION_CYCLE_KINDS,
  SERVICE_EVENT_KINDS,
  type LowResource,
  type ProbeType,
  type ServiceComponent,
  type ServiceEvent,
  type ServiceEventContext,
  type ServiceEventKind,
  type ServiceFacts,
  type UnitState,
} from './service-event.js';
export { parseServiceLine, serviceStamp, severityOf, type LineStyle, type Severity, type ServiceLine } from './service-line.js';
export { parsePodRef, type PodRef } from './pod-ref.js';
