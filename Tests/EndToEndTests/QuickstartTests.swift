import CLITestSupport
import Foundation
import Testing

/// The shared CLI runner.
typealias CLI = CLITool

@Suite(.serialized) struct QuickstartTests {
  @Test func runWritesTheContractLayout() throws {
    let out = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try CLI.run(["run", "experiments/quickstart.yaml", "--out", out.path, "--no-progress"])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    let folder = out.appendingPathComponent("quickstart")
    for file in ["report.pdf", "charts/loss.png", "charts/loss.svg", "metrics.json", "metrics.csv", "summary.md", "experiment.yaml"] {
      #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "missing \(file)")
    }
    let data = try Data(contentsOf: folder.appendingPathComponent("metrics.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["experiment"] as? String == "quickstart")
    #expect(json["normlab_version"] is String)
    let runs = try #require(json["runs"] as? [[String: Any]])
    #expect(runs.count == 10, "two variants × five seeds")
    for run in runs {
      let final = try #require(run["final"] as? [String: Any])
      for key in ["train_loss", "test_loss", "train_accuracy", "test_accuracy", "steps", "epochs", "diverged", "wall_seconds"] {
        #expect(final[key] != nil, "final lacks \(key)")
      }
      let history = try #require(run["history"] as? [String: Any])
      for key in ["step", "epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "learning_rate"] {
        #expect(history[key] is [Any], "history lacks \(key)")
      }
    }
    let bn = runs.filter { $0["variant"] as? String == "bn" }
    #expect(bn.count == 5)
    for run in bn {
      let loss = try #require((run["final"] as? [String: Any])?["train_loss"] as? Double)
      #expect(loss.isFinite && loss > 0 && loss < 1)
    }
    let expectations = try #require(json["expectations"] as? [[String: Any]])
    #expect(!expectations.isEmpty && expectations.allSatisfy { $0["passed"] as? Bool == true })
    let csv = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
    #expect(csv.hasPrefix("variant,seed,step,epoch,train_loss,test_loss,train_accuracy,test_accuracy,learning_rate"))
    let pdf = try Data(contentsOf: folder.appendingPathComponent("report.pdf"))
    #expect(pdf.starts(with: Array("%PDF".utf8)))
  }

  @Test func gradcheckPassesForBothVariants() throws {
    let result = try CLI.run(["gradcheck", "experiments/quickstart.yaml"])
    #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
    #expect(result.stdout.contains("no-bn: relative difference"))
    #expect(result.stdout.contains("bn: relative difference"))
    #expect(!result.stdout.contains("FAILED"))
  }

  @Test func unknownKeyIsABadInputWithPosition() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("typo.yaml")
    try "name: typo\ntrain:\n  optimiser: { name: adam }\n".write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["check", file.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("typo.yaml:3:3: error: unknown key `train.optimiser`"))
    #expect(result.stderr.contains("did you mean `optimizer`?"))
  }
}
