using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Entry point of the pickle analysis: runs the symbolic pickle machine over a stream, pickle after pickle
/// (stacked pickles), reports what it imports and calls, and analyzes pickles embedded as bytes.
/// </summary>
internal static class PickleAnalyzer
{
    /// <summary>pickle.loads-inside-pickle nesting analyzed before giving up with a notice.</summary>
    public const int MaxNestedPickles = 8;

    private const int MinProbeOpcodes = 8;

    /// <summary>Analyzes the pickle stream that starts at <paramref name="startOffset"/> of <paramref name="location"/>.</summary>
    public static void Analyze(Stream stream, ModelLocation location, long startOffset, ModelScanContext context, CancellationToken cancellationToken) =>
        Analyze(stream, location, startOffset, context, depth: 0, cancellationToken);

    /// <summary>
    /// True when <paramref name="head"/> starts a pickle: a PROTO 2–5 opcode, or (protocols 0 and 1, which have no
    /// magic) a dry run that reaches STOP, or runs cleanly through at least a few opcodes to the end of a head
    /// that is not the whole content. Text files fail within their first opcodes.
    /// </summary>
    public static bool LooksLikePickle(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.Length >= 2 && head[0] == (byte)PickleOpcode.Proto && head[1] is >= 2 and <= 5)
        {
            return true;
        }
        if (head.Length == 0 || PickleOpcodeNames.Name(head[0]) is null)
        {
            return false;
        }
        var context = new ModelScanContext(new ModelScanLimits(), GlobalPolicy.Default, new ModelFormatSniffer([]), strict: false);
        var session = new PickleSession(context, new ModelLocation("", null, -1), 0, CancellationToken.None) { Quiet = true, JoblibArrays = false };
        using var reader = new PickleReader(new MemoryStream(head.ToArray(), writable: false), 0, head.Length);
        var machine = new PickleMachine(reader, session, []);
        var fault = machine.Run();
        return fault is null || (fault.Truncated && !complete && (machine.Executed > MinProbeOpcodes || LongQuotedString(head, fault.Offset)));
    }

    /// <summary>A STRING whose quoted argument runs past the head: a pickle padded to dodge sniffing, not prose.</summary>
    private static bool LongQuotedString(ReadOnlySpan<byte> head, long offset) =>
        offset + 2 < head.Length && head[(int)offset] == (byte)PickleOpcode.String && head[(int)offset + 1] is (byte)'\'' or (byte)'"';

    /// <summary>Called when a loader (pickle.loads, torch.load, …) is given bytes: reports it and analyzes those bytes.</summary>
    internal static void AnalyzeEmbedded(PickleSession parent, PickleBytes bytes, long offset, string via)
    {
        if (parent.Quiet || parent.GlobalsOnly)
        {
            return;
        }
        var where = parent.Location.Child($"embedded-pickle@{offset}");
        parent.Report(PickleRules.Nested, Severity.High, offset,
            $"{via} at offset {offset} loads an embedded pickle of {bytes.Length} bytes; its contents are reported under {where}.",
            via);
        if (!bytes.Complete)
        {
            parent.Notice(NoticeLevel.Warning, offset, $"embedded pickle of {bytes.Length} bytes is larger than the part kept in memory; not analyzed");
            return;
        }
        if (parent.Depth + 1 > MaxNestedPickles)
        {
            parent.Notice(NoticeLevel.Warning, offset, $"pickles nested more than {MaxNestedPickles} deep; the inner one is not analyzed");
            return;
        }
        using var stream = new MemoryStream(bytes.Data, writable: false);
        Analyze(stream, where, 0, parent.Context, parent.Depth + 1, parent.CancellationToken);
    }

    /// <summary>
    /// For streams that cannot be re-read: analyzes the start of a skipped joblib array region as the opcodes a
    /// plain pickle.load would run there, reporting only globals the main pass did not.
    /// </summary>
    internal static void AnalyzeShadow(PickleSession parent, byte[] region, long offset)
    {
        var shadow = new PickleSession(parent.Context, parent.Location, parent.Depth, parent.CancellationToken)
        {
            JoblibArrays = false,
            GlobalsOnly = true,
            AlreadyReported = parent.ReportedGlobals.ToHashSet(StringComparer.Ordinal),
        };
        using var stream = new MemoryStream(region, writable: false);
        Run(stream, offset, shadow);
        shadow.Flush();
    }

    private static void Analyze(Stream stream, ModelLocation location, long startOffset, ModelScanContext context, int depth, CancellationToken cancellationToken)
    {
        var start = stream.CanSeek ? stream.Position : -1;
        var session = new PickleSession(context, location, depth, cancellationToken) { Rescannable = start >= 0 };
        Run(stream, startOffset, session);
        session.Flush();
        if (!session.SkippedJoblibArray || start < 0)
        {
            return;
        }
        // A plain pickle.load would read the skipped array bytes as opcodes: analyze that reading too.
        stream.Position = start;
        var plain = new PickleSession(context, location, depth, cancellationToken)
        {
            JoblibArrays = false,
            GlobalsOnly = true,
            AlreadyReported = session.ReportedGlobals.ToHashSet(StringComparer.Ordinal),
        };
        Run(stream, startOffset, plain);
        plain.Flush();
    }

    private static void Run(Stream stream, long startOffset, PickleSession session)
    {
        if (stream.CanSeek)
        {
            // Data and objects of globals that are not dangerous are proved by a pass that builds no values.
            var start = stream.Position;
            if (PickleDataPass.TryProve(stream, startOffset, session) is { } proof)
            {
                if (proof.MachineUntil is { } stop)
                {
                    // The machine runs from the start as far as the first calls whose arguments a finding shows.
                    stream.Position = start;
                    if (!RunMachine(stream, startOffset, session, stop))
                    {
                        return;
                    }
                }
                proof.Report();
                return;
            }
            stream.Position = start;
        }
        RunMachine(stream, startOffset, session, stop: null);
    }

    /// <summary>
    /// Runs the machine over the stream, pickle after pickle, or only up to <paramref name="stop"/>. False when it
    /// stopped before that (a fault, reported, or the time limit).
    /// </summary>
    private static bool RunMachine(Stream stream, long startOffset, PickleSession session, PickleStop? stop)
    {
        using var reader = new PickleReader(stream, startOffset, session.Context.Limits.MaxPickleBytes);
        var memo = new PickleMemo();
        for (var pickle = 0; ; pickle++)
        {
            long? stopAfter = stop is { } s && s.Pickle == pickle ? s.Opcodes : null;
            var machine = new PickleMachine(reader, session, memo) { MaxOpcodes = stopAfter ?? session.Context.Limits.MaxPickleOpcodes };
            var fault = machine.Run();
            if (machine.Executed > stopAfter)
            {
                // Stopped where it was asked to (the opcode past the stop was not run).
                return true;
            }
            if (fault is not null)
            {
                session.Report(PickleRules.Malformed, Severity.Medium, fault.Offset, $"Pickle cannot be loaded past this point: {fault.Message}.");
                return false;
            }
            var follower = WhatFollows(reader);
            if (follower == PickleFollower.OtherBytes)
            {
                session.Notice(NoticeLevel.Info, reader.Offset, TrailingBytesNotice);
            }
            if (follower != PickleFollower.Pickle)
            {
                return stop is null;
            }
        }
    }

    internal const string TrailingBytesNotice = "bytes after the pickle's STOP are not another pickle; not analyzed";

    /// <summary>What comes after a pickle's STOP: the end, another (stacked) pickle, or bytes left unanalyzed.</summary>
    internal static PickleFollower WhatFollows(PickleReader reader)
    {
        var next = reader.Peek(ModelFormatSniffer.HeadBytes);
        if (next.Length == 0)
        {
            return PickleFollower.End;
        }
        return LooksLikePickle(next, complete: next.Length < ModelFormatSniffer.HeadBytes) ? PickleFollower.Pickle : PickleFollower.OtherBytes;
    }
}
