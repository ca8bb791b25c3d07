using System.Diagnostics;
using System.Text;
using Bulwark.Ml.ModelFiles.TensorFlow;
using Bulwark.Ml.Tests.ModelFiles.Keras;
using Bulwark.Ml.Tests.ModelFiles.Onnx;
using Bulwark.Tests.Shared;
using CsCheck;

namespace Bulwark.Ml.Tests.ModelFiles.TensorFlow;

/// <summary>
/// Random and mutated inputs through every framework format: no exception escapes, each input finishes
/// quickly and allocates a bounded amount.
/// </summary>
public sealed class FrameworkMutationTests
{
    private static readonly TimeSpan MaxPerInput = TimeSpan.FromSeconds(2);
    private const long MaxAllocatedPerInput = 256L << 20;

    /// <summary>
    /// PureHDF sizes some read buffers from header fields before reading them (a damaged attribute message can
    /// make it allocate up to 2 GiB, freed at once when the read fails); the protobuf and JSON readers stay low.
    /// </summary>
    private const long MaxAllocatedPerHdf5Input = 3L << 30;

    public static TheoryData<string, int> Samples => new()
    {
        { "saved_model.pb", 3000 },
        { "frozen_graph.pb", 3000 },
        { "model.onnx", 3000 },
        { "config.json", 3000 },
        { "model.h5", 400 },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Mutated_files_never_throw_hang_or_balloon(string name, int iterations)
    {
        var sample = Sample(name);
        Gen.Int.Sample(seed => Survives(name, Mutate(sample, new Random(seed))), iter: iterations);
    }

    [Theory]
    [InlineData("saved_model.pb")]
    [InlineData("model.onnx")]
    [InlineData("config.json")]
    [InlineData("model.h5")]
    public void Random_bytes_never_throw(string name)
    {
        var prefix = name.EndsWith(".h5", StringComparison.Ordinal) ? new byte[] { 0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A } : name.EndsWith(".json", StringComparison.Ordinal) ? "{"u8.ToArray() : [];
        Gen.Byte.Array[0, 4096].Sample(bytes => Survives(name, [.. prefix, .. bytes]), iter: 1000);
    }

    private static void Survives(string name, byte[] bytes)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        FormatHarness.Scan(FrameworkFormats.All, name, bytes);
        clock.Elapsed.ShouldBeLessThan(MaxPerInput);
        (GC.GetAllocatedBytesForCurrentThread() - allocated).ShouldBeLessThan(name.EndsWith(".h5", StringComparison.Ordinal) ? MaxAllocatedPerHdf5Input : MaxAllocatedPerInput);
    }

    private static byte[] Sample(string name) => name switch
    {
        "saved_model.pb" => TfGraphs.BenignTf2SavedModel(),
        "frozen_graph.pb" => TfGraphs.Graph([TfGraphs.Node("py", "PyFunc"), TfGraphs.NodeWithList("d", "DebugIdentity", "debug_urls", "file:///x")]).ToArray(),
        "model.onnx" => OnnxModels.Model(OnnxModels.Graph(
            [OnnxModels.Node("loop", "Loop", "", OnnxModels.GraphAttribute("body", OnnxModels.Graph([OnnxModels.Node("c", "Custom", "x.y")])))],
            [OnnxModels.ExternalWeights("w", "../w.bin"), OnnxModels.Weights("b", 8)])),
        "config.json" => Encoding.UTF8.GetBytes(KerasConfigs.Sequential(KerasConfigs.InputLayer, KerasConfigs.Lambda, KerasConfigs.DenseWithActivation(KerasConfigs.Function("os", "system")))),
        _ => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Ml.Tests", "Fixtures", "keras", "lambda_layer.h5")),
    };

    /// <summary>Flips, overwrites, inserts, deletes or truncates a few bytes; length-like bytes (small values) are favoured.</summary>
    private static byte[] Mutate(byte[] sample, Random random)
    {
        var bytes = new List<byte>(sample);
        var edits = random.Next(1, 6);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00; break;
                case 3: bytes.Insert(at, (byte)random.Next(256)); break;
                case 4: bytes.RemoveAt(at); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }
}
