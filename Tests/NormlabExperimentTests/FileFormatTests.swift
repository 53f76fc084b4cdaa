import Foundation
import NormlabEngine
import Testing

@testable import NormlabExperiment

enum Fixture {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
  static func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: folder.appendingPathComponent(name)))
  }
  static func csvError(_ name: String) throws -> DataError? {
    do {
      _ = try CSVLoader.load(bytes: try bytes(name), file: name, labelColumn: "label")
      return nil
    } catch let error as DataError { return error }
  }
  static func idxError(_ images: String, _ labels: String) throws -> DataError? {
    do {
      _ = try IDXLoader.load(images: try bytes(images), imagesFile: images, labels: try bytes(labels), labelsFile: labels)
      return nil
    } catch let error as DataError { return error }
  }
}

@Suite struct FileFormatTests {
  @Test func csvReadsHeaderLabelColumnAndNumbers() throws {
    let data = try CSVLoader.load(bytes: try Fixture.bytes("good.csv"), file: "good.csv", labelColumn: "label")
    #expect(data.count == 3 && data.featureCount == 2 && data.classCount == 3)
    #expect(data.features == [1.5, -2, 3, 40, 0.25, 7])
    #expect(data.labels == [0, 1, 2])
  }

  @Test func csvQuotedCellsMayHoldCommasAndQuotes() throws {
    let text = "\"width, cm\", \"say \"\"hi\"\"\",label\r\n\"1.5\", 2 ,1\n3,\"4\",0\n"
    let data = try CSVLoader.load(bytes: Array(text.utf8), file: "q.csv", labelColumn: "label")
    #expect(data.featureCount == 2 && data.features == [1.5, 2, 3, 4] && data.labels == [1, 0])
    #expect(CSVLoader.cells(of: "\"a,b\", c ,\"say \"\"hi\"\"\"").map(\.text) == ["a,b", "c", "say \"hi\""])
    #expect(CSVLoader.cells(of: "\"a,b\", c ,d").map(\.column) == [1, 7, 11])
    // A bad cell after a quoted comma is still reported at its own column.
    let bad = "x1,x2,label\n\"1,5\",x,0\n"
    #expect {
      _ = try CSVLoader.load(bytes: Array(bad.utf8), file: "b.csv", labelColumn: "label")
    } throws: { error in
      guard let error = error as? DataError else { return false }
      return error.line == 2 && error.message == "`1,5` in column `x1` is not a finite number" && error.column == 1
    }
  }

  @Test func csvNonNumericCellNamesRowAndColumn() throws {
    let e = try #require(try Fixture.csvError("text-cell.csv"))
    #expect(e.line == 3 && e.column == 3)
    #expect(e.message == "`abc` in column `x2` is not a finite number")
    #expect(e.diagnostic.description.hasPrefix("text-cell.csv:3:3: error: `abc` in column `x2`"))
    #expect(e.sourceLine == "3,abc,1")
  }

  @Test func csvBrokenFilesGiveTheirRows() throws {
    let ragged = try #require(try Fixture.csvError("ragged-row.csv"))
    #expect(ragged.line == 3 && ragged.column == 7 && ragged.message == "row has 4 cells but the header has 3 columns")
    let noLabel = try #require(try Fixture.csvError("no-label-column.csv"))
    #expect(noLabel.line == 1 && noLabel.message == "the header has no column named `label`")
    let badLabel = try #require(try Fixture.csvError("bad-label.csv"))
    #expect(badLabel.line == 2 && badLabel.column == 5)
    #expect(badLabel.message == "label `0.25` in column `label` is not a class index (an integer ≥ 0) or a name")
    let empty = try #require(try Fixture.csvError("empty.csv"))
    #expect(empty.line == 1 && empty.message == "the file is empty")
    let binary = try #require(try Fixture.csvError("binary.csv"))
    #expect(binary.line == 2 && binary.message == "the file is not CSV text: invalid UTF-8 at byte 14")
  }

  @Test func idxIsFlattenedAndScaledToTheUnitInterval() throws {
    let data = try IDXLoader.load(
      images: try Fixture.bytes("images.idx"), imagesFile: "i", labels: try Fixture.bytes("labels.idx"), labelsFile: "l")
    #expect(data.count == 3 && data.featureCount == 4 && data.classCount == 3)
    #expect(data.features == [0, 255, 51, 102, 255, 0, 0, 255, 10, 20, 30, 40].map { Float($0) / 255 })
    #expect(data.labels == [0, 1, 2])
  }

  @Test func idxMagicNumbersAndSizesAreChecked() throws {
    let magic = try #require(try Fixture.idxError("images-wrong-magic.idx", "labels.idx"))
    #expect(magic.message == "has magic number 0x801; IDX images start with 0x00000803")
    let swapped = try #require(try Fixture.idxError("images.idx", "images.idx"))
    #expect(swapped.file == "images.idx" && swapped.message.hasPrefix("has magic number 0x803; IDX labels start"))
    let gzip = try #require(try Fixture.idxError("images.idx.gz", "labels.idx"))
    #expect(gzip.hint == "is this a labels file, or still gzip-compressed?")
    let truncated = try #require(try Fixture.idxError("images-truncated.idx", "labels.idx"))
    #expect(truncated.message == "header claims 3 images of 2×2 but the file holds 11 pixel bytes")
    let count = try #require(try Fixture.idxError("images.idx", "labels-count-mismatch.idx"))
    #expect(count.message == "has 2 labels for 3 images in images.idx")
  }
}
