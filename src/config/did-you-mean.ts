// The implementation lives in core/ (shared by config, routing and lab).
export { didYouMean, editDistance, suggestionSuffix } from '../core/did-you-mean.js';
