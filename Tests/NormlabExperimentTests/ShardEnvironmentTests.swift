import Testing

@testable import NormlabExperiment

@Suite struct ShardEnvironmentTests {
  static func shard(_ environment: [String: String], count: Int? = nil) throws -> String {
    try ShardEnvironment.resolve(environment, countOption: count).spec.description
  }

  static func problem(_ environment: [String: String], count: Int? = nil) -> String? {
    do {
      _ = try ShardEnvironment.resolve(environment, countOption: count)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func eachSchedulerGivesItsShard() throws {
    #expect(try Self.shard(["NORMLAB_SHARD_INDEX": "3", "NORMLAB_SHARD_COUNT": "4"]) == "3/4")
    #expect(try Self.shard(["NORMLAB_SHARD_INDEX": "2"], count: 5) == "2/5")
    #expect(try Self.shard(["CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "6"]) == "1/6")
    // sbatch --array=0-3: ids 0..3.
    #expect(try Self.shard(["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3", "SLURM_ARRAY_TASK_COUNT": "4"]) == "1/4")
    // sbatch --array=10-30:10: ids 10, 20, 30.
    let stepped = ["SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_MAX": "30", "SLURM_ARRAY_TASK_STEP": "10", "SLURM_ARRAY_TASK_COUNT": "3"]
    #expect(try ["10", "20", "30"].map { try Self.shard(stepped.merging(["SLURM_ARRAY_TASK_ID": $0]) { $1 }) } == ["1/3", "2/3", "3/3"])
    #expect(try Self.shard(["JOB_COMPLETION_INDEX": "0"], count: 3) == "1/3")
    #expect(try Self.shard(["JOB_COMPLETION_INDEX": "2", "NORMLAB_SHARD_COUNT": "3"]) == "3/3")
  }

  @Test func explicitVariablesWinAndAnIdleGitLabJobIsNoScheduler() throws {
    #expect(try Self.shard(["NORMLAB_SHARD_INDEX": "1", "NORMLAB_SHARD_COUNT": "2", "CI_NODE_INDEX": "3", "CI_NODE_TOTAL": "4"]) == "1/2")
    // GitLab sets CI_NODE_TOTAL=1 in every job without `parallel:`.
    #expect(try Self.shard(["CI_NODE_TOTAL": "1", "JOB_COMPLETION_INDEX": "1"], count: 2) == "2/2")
    // Empty variables count as unset.
    #expect(try Self.shard(["NORMLAB_SHARD_INDEX": "", "CI_NODE_INDEX": " 2 ", "CI_NODE_TOTAL": "2"]) == "2/2")
  }

  @Test func missingOrInconsistentEnvironmentsAreExplained() {
    let cases: [([String: String], Int?, String)] = [
      ([:], nil, "no shard in the environment"),
      (["CI_NODE_TOTAL": "1"], nil, "no shard in the environment"),
      (["NORMLAB_SHARD_COUNT": "4"], nil, "NORMLAB_SHARD_COUNT is set but no shard index is"),
      (["NORMLAB_SHARD_INDEX": "1"], nil, "the shard count is missing"),
      (["NORMLAB_SHARD_INDEX": "0", "NORMLAB_SHARD_COUNT": "4"], nil, "gives shard 0 of 4; the shard must be 1 to 4"),
      (["NORMLAB_SHARD_INDEX": "two", "NORMLAB_SHARD_COUNT": "4"], nil, "NORMLAB_SHARD_INDEX=two is not a whole number"),
      (["CI_NODE_INDEX": "5", "CI_NODE_TOTAL": "4"], nil, "gives shard 5 of 4"),
      (["CI_NODE_TOTAL": "4"], nil, "CI_NODE_TOTAL=4 but CI_NODE_INDEX is not set"),
      (["CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"], 3, "--shard-count 3 disagrees with CI_NODE_TOTAL=4"),
      (["JOB_COMPLETION_INDEX": "1"], nil, "the shard count is missing"),
      (["JOB_COMPLETION_INDEX": "4"], 4, "gives shard 5 of 4"),
      (["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"], nil, "SLURM_ARRAY_TASK_MIN is not"),
      // sbatch --array=1,4,9 is not a range: its ids do not map onto 1..3.
      (["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "9", "SLURM_ARRAY_TASK_COUNT": "3"], nil, "is not 3 evenly spaced tasks"),
      (["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "4"], nil, "is not in the array 0, 2"),
      (["NORMLAB_SHARD_INDEX": "1", "NORMLAB_SHARD_COUNT": "20000"], nil, "gives 20000 shards"),
    ]
    for (environment, count, message) in cases {
      let problem = Self.problem(environment, count: count)
      #expect(problem?.hasPrefix("error: --shard auto: ") == true, "\(environment): \(problem ?? "no error")")
      #expect(problem?.contains(message) == true, "\(environment): \(problem ?? "no error"), expected \(message)")
    }
  }
}
