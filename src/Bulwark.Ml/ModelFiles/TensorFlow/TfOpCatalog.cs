using System.Collections.Frozen;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>What a TensorFlow op does outside tensor math, for the ops worth reporting.</summary>
internal static class TfOpCatalog
{
    private static readonly FrozenDictionary<string, (RuleDescriptor Rule, string What)> Ops = new Dictionary<string, (RuleDescriptor, string)>(StringComparer.Ordinal)
    {
        ["PyFunc"] = (TensorFlowRules.PythonOp, "calls a Python function"),
        ["PyFuncStateless"] = (TensorFlowRules.PythonOp, "calls a Python function"),
        ["EagerPyFunc"] = (TensorFlowRules.PythonOp, "calls a Python function"),
        ["WriteFile"] = (TensorFlowRules.FileWrite, "writes a file"),
        ["DatasetToTFRecord"] = (TensorFlowRules.FileWrite, "writes a TFRecord file"),
        ["ExperimentalDatasetToTFRecord"] = (TensorFlowRules.FileWrite, "writes a TFRecord file"),
        ["SaveDataset"] = (TensorFlowRules.FileWrite, "writes a dataset to disk"),
        ["SaveDatasetV2"] = (TensorFlowRules.FileWrite, "writes a dataset to disk"),
        ["CreateSummaryFileWriter"] = (TensorFlowRules.FileWrite, "writes summary event files"),
        ["CreateSummaryDbWriter"] = (TensorFlowRules.FileWrite, "writes a summary database"),
        ["ReadFile"] = (TensorFlowRules.FileRead, "reads a file"),
        ["MatchingFiles"] = (TensorFlowRules.FileAccess, "lists files matching a pattern"),
        ["MatchingFilesDataset"] = (TensorFlowRules.FileAccess, "lists files matching a pattern"),
        ["TFRecordDataset"] = (TensorFlowRules.FileAccess, "streams records from files"),
        ["TFRecordDatasetV2"] = (TensorFlowRules.FileAccess, "streams records from files"),
        ["TextLineDataset"] = (TensorFlowRules.FileAccess, "streams lines from files"),
        ["FixedLengthRecordDataset"] = (TensorFlowRules.FileAccess, "streams records from files"),
        ["FixedLengthRecordDatasetV2"] = (TensorFlowRules.FileAccess, "streams records from files"),
        ["CSVDataset"] = (TensorFlowRules.FileAccess, "streams CSV files"),
        ["CSVDatasetV2"] = (TensorFlowRules.FileAccess, "streams CSV files"),
        ["ExperimentalCSVDataset"] = (TensorFlowRules.FileAccess, "streams CSV files"),
        ["LMDBDataset"] = (TensorFlowRules.FileAccess, "reads an LMDB database"),
        ["ExperimentalLMDBDataset"] = (TensorFlowRules.FileAccess, "reads an LMDB database"),
        ["SqlDataset"] = (TensorFlowRules.FileAccess, "queries a SQLite database file"),
        ["ExperimentalSqlDataset"] = (TensorFlowRules.FileAccess, "queries a SQLite database file"),
        ["LoadDataset"] = (TensorFlowRules.FileAccess, "loads a saved dataset from disk"),
        ["SnapshotDataset"] = (TensorFlowRules.FileAccess, "reads and writes dataset snapshots"),
        ["SnapshotDatasetV2"] = (TensorFlowRules.FileAccess, "reads and writes dataset snapshots"),
        ["WholeFileReader"] = (TensorFlowRules.FileAccess, "reads whole files"),
        ["WholeFileReaderV2"] = (TensorFlowRules.FileAccess, "reads whole files"),
        ["TextLineReader"] = (TensorFlowRules.FileAccess, "reads lines from files"),
        ["TextLineReaderV2"] = (TensorFlowRules.FileAccess, "reads lines from files"),
        ["TFRecordReader"] = (TensorFlowRules.FileAccess, "reads records from files"),
        ["TFRecordReaderV2"] = (TensorFlowRules.FileAccess, "reads records from files"),
        ["FixedLengthRecordReader"] = (TensorFlowRules.FileAccess, "reads records from files"),
        ["FixedLengthRecordReaderV2"] = (TensorFlowRules.FileAccess, "reads records from files"),
        ["LMDBReader"] = (TensorFlowRules.FileAccess, "reads an LMDB database"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Checkpoint ops every SavedModel has in its saver; reported only outside it.</summary>
    private static readonly FrozenDictionary<string, (RuleDescriptor Rule, string What)> SaverOps = new Dictionary<string, (RuleDescriptor, string)>(StringComparer.Ordinal)
    {
        ["Save"] = (TensorFlowRules.FileWrite, "writes a checkpoint outside the saver"),
        ["SaveV2"] = (TensorFlowRules.FileWrite, "writes a checkpoint outside the saver"),
        ["SaveSlices"] = (TensorFlowRules.FileWrite, "writes a checkpoint outside the saver"),
        ["MergeV2Checkpoints"] = (TensorFlowRules.FileWrite, "moves and deletes checkpoint files outside the saver"),
        ["Restore"] = (TensorFlowRules.FileRead, "reads a checkpoint outside the saver"),
        ["RestoreV2"] = (TensorFlowRules.FileRead, "reads a checkpoint outside the saver"),
        ["RestoreSlice"] = (TensorFlowRules.FileRead, "reads a checkpoint outside the saver"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The rule, severity and description for a node, or null when it is ordinary.</summary>
    public static (RuleDescriptor Rule, Severity Severity, string What)? Classify(TfNode node)
    {
        if (Ops.TryGetValue(node.Op, out var hit))
        {
            return (hit.Rule, hit.Rule.Severity, hit.What);
        }
        if (SaverOps.TryGetValue(node.Op, out var saver))
        {
            return TfSaverNames.IsSaver(node) ? null : (saver.Rule, saver.Rule.Severity, saver.What);
        }
        if (string.Equals(node.Op, "ImmutableConst", StringComparison.Ordinal))
        {
            var region = node.Attribute("memory_region_name");
            return (TensorFlowRules.FileRead, Severity.High, region is null ? "maps a file into memory" : $"maps the file '{region}' into memory");
        }
        if (string.Equals(node.Op, "PrintV2", StringComparison.Ordinal))
        {
            var stream = node.Attribute("output_stream");
            return stream is not null && stream.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
                ? (TensorFlowRules.FileWrite, Severity.High, $"prints tensors to '{stream}'")
                : null;
        }
        if (node.Op.StartsWith("Debug", StringComparison.Ordinal) && node.Attribute("debug_urls") is { } url)
        {
            return url.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
                ? (TensorFlowRules.FileWrite, Severity.High, $"dumps tensors to '{url}'")
                : (TensorFlowRules.DebugSink, Severity.Medium, $"publishes tensors to '{url}'");
        }
        return null;
    }
}
