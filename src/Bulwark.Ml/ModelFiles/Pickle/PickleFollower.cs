namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>What comes after a pickle's STOP in a stream (see <see cref="PickleAnalyzer.WhatFollows"/>).</summary>
internal enum PickleFollower
{
    End,
    Pickle,
    OtherBytes,
}
