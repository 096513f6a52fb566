/** Every chart: pure functions from numbers to SVG. */
export * from './svg';
export { distributionChart, type DistributionInput } from './distribution';
export { intervalChart, type IntervalInput, type IntervalRow } from './intervals';
export { sparkline, type SparklineInput } from './sparkline';
export { categorySplit, type SplitInput } from './split';
export { trendChart, type TrendInput, type TrendPoint } from './trend';
