import NormlabInterop
import Testing

/// RFC 4180 output of `TidyCSV`; that pandas reads it back unchanged is checked by
/// `scripts/tensorboard-readback.py`.
@Suite struct TidyCSVTests {
  @Test func writesHeaderAndRowsWithCRLF() throws {
    let rows = [
      TidyRow(run: "bn/seed-0", variant: "bn", seed: 0, trial: 3, step: 10, metric: "loss/test", value: 0.25, swept: ["lr": .number(0.1)])
    ]
    #expect(
      try TidyCSV.encode(rows)
        == "run,variant,seed,trial,step,metric,value,lr\r\nbn/seed-0,bn,0,3,10,loss/test,0.25,0.1\r\n")
  }

  @Test func missingValuesAreEmptyFields() throws {
    let rows = [
      TidyRow(run: "r", variant: "", metric: "m", value: nil, swept: ["b": .bool(false)]),
      TidyRow(run: "s", variant: "v", metric: "m", value: 1, swept: ["a": .string("x")]),
    ]
    #expect(
      try TidyCSV.encode(rows)
        == "run,variant,seed,trial,step,metric,value,a,b\r\nr,,,,,m,,,false\r\ns,v,,,,m,1.0,x,\r\n")
  }

  @Test(arguments: [
    ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
    ("cr\rhere", "\"cr\rhere\""), ("crlf\r\n", "\"crlf\r\n\""), (" spaced ", " spaced "), ("λ", "λ"),
  ])
  func quotesOnlyWhatRFC4180Requires(_ text: String, _ expected: String) {
    #expect(TidyCSV.escaped(text) == expected)
  }

  @Test(arguments: [
    (0.1, "0.1"), (1e-5, "1e-05"), (3.0, "3.0"), (-0.0, "-0.0"), (1.0 / 3.0, "0.3333333333333333"), (1e16, "1e+16"),
    (5e-324, "5e-324"), (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
  ])
  func numbersUseShortestRoundTripText(_ value: Double, _ expected: String) {
    #expect(TidyCSV.number(value) == expected)
    if value.isFinite { #expect(Double(TidyCSV.number(value)) == value) }
  }

  @Test func sweptKeysOrderTheColumns() throws {
    let rows = [TidyRow(run: "r", variant: "v", metric: "m", value: 2, swept: ["a": .integer(1), "z": .string("q")])]
    #expect(try TidyCSV.encode(rows, sweptKeys: ["z", "a"]).hasPrefix("run,variant,seed,trial,step,metric,value,z,a\r\n"))
  }

  @Test func sweptKeyNamedLikeAFixedColumnIsRejected() {
    #expect(throws: TidyCSVError.duplicateColumn("seed")) {
      try TidyCSV.encode([TidyRow(run: "r", variant: "v", metric: "m", value: 1, swept: ["seed": .integer(1)])])
    }
    #expect(throws: TidyCSVError.duplicateColumn("k")) {
      try TidyCSV.encode([], sweptKeys: ["k", "k"])
    }
  }

  @Test func quotedSweptColumnNames() throws {
    let csv = try TidyCSV.encode([], sweptKeys: ["optimizer.lr,momentum"])
    #expect(csv == "run,variant,seed,trial,step,metric,value,\"optimizer.lr,momentum\"\r\n")
  }
}
