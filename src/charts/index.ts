/** Every chart: pure functions from numbers to SVG. */
export * from './svg';
export { distributionChart, type DistributionInput } from './distribution';
export { impactChart, formatPoints, type ImpactInput, type ImpactRow } from './impact';
export { intervalChart, type IntervalInput, type IntervalRow } from './intervals';
export { shareMultiples, type MultiplesInput, type ShareSeries, type SharePoint } from './multiples';
export { sparkline, type SparklineInput } from './sparkline';
export { categorySplit, type SplitInput } from './split';
export { trendChart, type TrendInput, type TrendPoint } from './trend';
