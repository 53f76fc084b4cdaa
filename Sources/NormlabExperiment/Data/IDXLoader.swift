import NormlabEngine

/// MNIST's IDX format: big-endian magic 0x00000803 (images, unsigned bytes, 3 dimensions) and
/// 0x00000801 (labels); pixels are scaled to [0, 1].
public enum IDXLoader {
  public static func load(images: [UInt8], imagesFile: String, labels: [UInt8], labelsFile: String)
    throws(DataError) -> Dataset<Float>
  {
    func word(_ bytes: [UInt8], _ offset: Int) -> Int {
      Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8
        | Int(bytes[offset + 3])
    }
    guard images.count >= 16 else {
      throw DataError(file: imagesFile, message: "is too short for an IDX image header (16 bytes)")
    }
    guard word(images, 0) == 0x0000_0803 else {
      throw DataError(
        file: imagesFile,
        message: "has magic number 0x\(String(word(images, 0), radix: 16)); IDX images start with 0x00000803",
        hint: "is this a labels file, or still gzip-compressed?")
    }
    guard labels.count >= 8 else {
      throw DataError(file: labelsFile, message: "is too short for an IDX label header (8 bytes)")
    }
    guard word(labels, 0) == 0x0000_0801 else {
      throw DataError(
        file: labelsFile,
        message: "has magic number 0x\(String(word(labels, 0), radix: 16)); IDX labels start with 0x00000801",
        hint: "is this an images file, or still gzip-compressed?")
    }
    let count = word(images, 4)
    let rows = word(images, 8)
    let columns = word(images, 12)
    let labelCount = word(labels, 4)
    // Header words reach 2^32 - 1, so rows × columns can overflow Int: multiply with a check.
    let (pixels, pixelsOverflow) = rows.multipliedReportingOverflow(by: columns)
    // Check the header against the actual size before allocating anything it claims.
    guard rows > 0, columns > 0, !pixelsOverflow, pixels <= 1 << 20,
      count.multipliedReportingOverflow(by: pixels).overflow == false,
      images.count - 16 == count * pixels  // safe: overflow checked on the line above
    else {
      throw DataError(
        file: imagesFile,
        message: "header claims \(count) images of \(rows)×\(columns) but the file holds \(images.count - 16) pixel bytes")
    }
    guard labels.count - 8 == labelCount else {
      throw DataError(file: labelsFile, message: "header claims \(labelCount) labels but the file holds \(labels.count - 8)")
    }
    guard labelCount == count else {
      throw DataError(file: labelsFile, message: "has \(labelCount) labels for \(count) images in \(imagesFile)")
    }
    var features = [Float](repeating: 0, count: count * pixels)  // safe: checked against the file size
    for i in 0..<features.count { features[i] = Float(images[16 + i]) / 255 }
    let labelValues = labels[8...].map { Int32($0) }
    let classes = Int((labelValues.max() ?? 1) + 1)
    return Dataset(features: features, labels: labelValues, featureCount: pixels, classCount: max(classes, 2))
  }
}
