/**
 * Market: where prices come from. Price models (PriceModel, written path by path into a reusable
 * buffer for Monte Carlo) and historical data (MarketPath from CSV files or built-in datasets).
 */
export type { MarketPath } from './market-path.js';
export { uniformGrid } from './market-path.js';
export type { PriceModel } from './price-model.js';
export { Gbm, type GbmParams } from './gbm.js';
export { Merton, mertonJumpMean, mertonLogReturnMoments, type MertonParams } from './merton.js';
export { Heston, hestonCallPrice, hestonExpectedIntegratedVariance, hestonExpectedVariance, type HestonParams } from './heston.js';
export { Garch, garchSquaredShockAcf1, garchUnconditionalVariance, type GarchParams } from './garch.js';
export { choleskyCorrelation, CorrelatedGbm, type CorrelatedAsset, type CorrelatedGbmParams } from './correlated-gbm.js';
export { PoissonSampler } from './poisson.js';
export { formatPriceCsv, parseIsoTime, parsePriceCsv, readPriceCsv, type CsvOptions, type PriceHistory } from './csv.js';
export { datasetPath, listDatasets, loadDataset, type DatasetInfo } from './datasets.js';
export {
  autocorrelation,
  forEachPath,
  sampleCorrelation,
  sampleMoments,
  simulateMarketPath,
  terminalLogReturns,
  type SampleMoments,
  type SimulationSpec,
} from './model-stats.js';
