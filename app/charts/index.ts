/** Charts as plain SVG trees: the renderer draws them with React, reports serialize them with svgToString. */
export { h, svgToString } from './svg-node';
export type { Chart, SvgNode } from './svg-node';
export { MEMORY_PARTS, memoryBarChart } from './memory-bar';
export type { MemoryBarOptions } from './memory-bar';
export { lineChart } from './line-chart';
export type { ChartPoint, LineChartInput, LineSeries } from './line-chart';
export { contextSweep, doublingSteps, promptSweep } from './sweeps';
export type { SweepPoint } from './sweeps';
export { firstTokenByPromptChart, memoryByContextChart, speedByContextChart } from './estimate-charts';
