import Testing

@testable import NormlabInterop

/// Exact bytes of TensorBoard messages, compared with what TensorBoard 2.21's generated Python
/// protos serialize for the same content (`SerializeToString(deterministic=True)` where a map
/// is involved). 1700000000.0 is `0000 0040 fc54 d941` as a little-endian double.
@Suite struct EventMessageTests {
  static let wallTime = 1_700_000_000.0

  @Test func fileVersionEventMatchesTensorBoard() {
    let event = EventMessage(wallTime: Self.wallTime, step: 0, what: .fileVersion("brain.Event:2"))
    #expect(hex(event.serialized()) == "0900000040fc54d9411a0d627261696e2e4576656e743a32")
  }

  @Test func fileVersionRecordMatchesTensorBoardRecordWriter() {
    let event = EventMessage(wallTime: Self.wallTime, step: 0, what: .fileVersion("brain.Event:2"))
    #expect(
      hex(TFRecord.framed(event.serialized()))
        == "1800000000000000a37f4b22" + "0900000040fc54d9411a0d627261696e2e4576656e743a32" + "eced8f9d")
  }

  @Test func scalarEventWithMetadataMatchesTensorBoard() {
    let value = SummaryValueMessage(
      tag: "loss/train", metadata: TensorBoardRun.scalarMetadata, value: .simpleValue(0.25))
    let event = EventMessage(wallTime: Self.wallTime, step: 3, what: .summary(SummaryMessage(values: [value])))
    #expect(
      hex(event.serialized())
        == "0900000040fc54d94110032a220a200a0a6c6f73732f747261696e150000803e4a0d0a090a077363616c6172732001")
  }

  @Test func negativeStepZeroValueAndUnicodeTagMatchTensorBoard() {
    let event = EventMessage(
      wallTime: Self.wallTime, step: -1,
      what: .summary(
        SummaryMessage(values: [
          SummaryValueMessage(tag: "accuracy/test", value: .simpleValue(0)),
          SummaryValueMessage(tag: "λ/ü", value: .simpleValue(-1.5)),
        ])))
    #expect(
      hex(event.serialized())
        == "0900000040fc54d94110ffffffffffffffffff012a240a140a0d61636375726163792f7465737415000000000a0c0a05cebb2fc3bc150000c0bf")
  }

  @Test func emptyTensorMatchesHParamsNullTensor() {
    #expect(hex(TensorMessage.empty.serialized()) == "080112021200")
  }

  @Test func sessionStartInfoMatchesDeterministicTensorBoard() {
    let data = HParamsPluginDataMessage(
      data: .sessionStartInfo(
        SessionStartInfoMessage(
          hparams: [
            "zero": .number(0), "opt": .string("sgd"), "lr": .number(0.1), "off": .bool(false),
            "empty": .string(""), "bn": .bool(true),
          ], groupName: "g", startTimeSecs: Self.wallTime)))
    #expect(
      hex(data.serialized())
        == "1a600a080a02626e120220010a0b0a05656d70747912021a000a0f0a026c721209119a9999999999b93f0a090a036f6666120220000a0c0a036f707412051a037367640a110a047a65726f12091100000000000000002201672900000040fc54d941"
    )
  }

  @Test func experimentMatchesTensorBoard() {
    let experiment = ExperimentMessage(
      name: "demo", description: "d", timeCreatedSecs: Self.wallTime,
      hparamInfos: [
        HParamInfoMessage(
          name: "bn", description: "batch norm", type: .bool, domain: .discrete([.bool(false), .bool(true)]),
          differs: true),
        HParamInfoMessage(name: "lr", type: .float64, domain: .interval(min: 0.001, max: 0.1), differs: true),
        HParamInfoMessage(name: "opt", type: .string, domain: .discrete([.string("sgd")])),
      ],
      metricInfos: [MetricInfoMessage(tag: "loss/test"), MetricInfoMessage(tag: "accuracy/test")])
    #expect(
      hex(HParamsPluginDataMessage(data: .experiment(experiment)).serialized())
        == "1284010a01641900000040fc54d941221e0a02626e1a0a6261746368206e6f726d20022a080a0220000a0220013801221c0a026c722003321209fca9f1d24d62503f119a9999999999b93f380122100a036f707420012a070a051a037367642a0d0a0b12096c6f73732f746573742a110a0f120d61636375726163792f74657374320464656d6f"
    )
  }

  @Test func sessionEndInfoMatchesTensorBoard() {
    let data = HParamsPluginDataMessage(data: .sessionEndInfo(SessionEndInfoMessage(status: 2, endTimeSecs: Self.wallTime)))
    #expect(hex(data.serialized()) == "220b08021100000040fc54d941")
  }

  @Test func hparamsSummaryValueCarriesPluginNameAndTensorDataClass() throws {
    let data = HParamsPluginDataMessage(data: .sessionEndInfo(SessionEndInfoMessage(status: 1, endTimeSecs: 0)))
    let value = HParamsPlugin.summaryValue(tag: "_hparams_/session_end_info", data: data).serialized()
    #expect(WireReader.value(1, in: value)?.string == "_hparams_/session_end_info")
    #expect(WireReader.value(8, in: value)?.bytes == [0x08, 0x01, 0x12, 0x02, 0x12, 0x00])
    let metadata = try #require(WireReader.value(9, in: value)?.bytes)
    let pluginData = try #require(WireReader.value(1, in: metadata)?.bytes)
    #expect(WireReader.value(1, in: pluginData)?.string == "hparams")
    #expect(WireReader.value(2, in: pluginData)?.bytes == data.serialized())
    #expect(WireReader.value(4, in: metadata)?.varint == 2)
  }
}
