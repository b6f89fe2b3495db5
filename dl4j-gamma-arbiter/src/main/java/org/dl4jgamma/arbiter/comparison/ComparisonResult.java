package org.dl4jgamma.arbiter.comparison;

import java.util.List;

/**
 * The two sides of a {@link GammaSearchComparison}, one {@link SearchResult} per search seed each, in seed order.
 *
 * @param gammaSearched the searches over gamma0 (log-uniform), c and width
 * @param gammaFixed the same searches with gamma0 fixed at 1 (standard muP)
 */
public record ComparisonResult(List<SearchResult> gammaSearched, List<SearchResult> gammaFixed) {
}
