import NormlabReport
import Testing

@Suite struct AggregationTests {
  @Test func finalStatisticIgnoresMissingAndUsesTheSampleStd() {
    let stat = FinalStatistic([1, 3, nil, .nan])
    #expect(stat.count == 2)
    #expect(stat.mean == 2)
    // n - 1 in the denominator, as everywhere a spread over seeds is shown: sqrt(2 / 1).
    #expect(abs(stat.std - 2.0.squareRoot()) < 1e-15)
  }

  @Test func seriesStatisticsAlignByIndexAndStopWhereRunsStop() {
    let stats = SeriesStatistics.of([[1, 2, 3], [3, 4]], x: [[0, 10, 20], [0, 10]])
    #expect(stats.x == [0, 10, 20])
    #expect(stats.mean == [2, 3, 3])
    #expect(stats.count == [2, 2, 1])
    #expect(stats.minimum == [1, 2, 3])
    #expect(stats.maximum == [3, 4, 3])
  }
}
