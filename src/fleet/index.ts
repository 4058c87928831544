export { analyzeFleet, type FleetOptions, type FleetResult } from './analyze-fleet.js';
export { buildFleet, FLEET_TIMELINE_EVENTS } from './build-fleet.js';
export { fleetInputs } from './fleet-inputs.js';
export { renderFleetHtml, renderFleetJson } from './render-fleet.js';
export type { Fleet, FleetNode, FleetFailure, FleetWorkload } from './fleet-types.js';
