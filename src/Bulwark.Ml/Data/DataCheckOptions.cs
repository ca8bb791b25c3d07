namespace Bulwark.Ml.Data;

/// <summary>
/// Thresholds of <c>bulwark data check</c> and <c>bulwark drift</c>; every default is documented in
/// docs/data-checks.md and can be set in the <c>[data]</c> table of bulwark.toml. A finding is an error (fails
/// the gate) only when it is both statistically significant and larger than the error threshold.
/// </summary>
internal sealed record DataCheckOptions
{
    /// <summary>False-discovery rate for the Benjamini–Hochberg correction across columns, pairs and tokens.</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>Kolmogorov–Smirnov D (largest CDF gap) at which a significant numeric drift is an error / a warning.</summary>
    public double KsError { get; init; } = 0.1;
    public double KsWarning { get; init; } = 0.05;

    /// <summary>Population stability index at which a significant categorical drift is an error / a warning.</summary>
    public double PsiError { get; init; } = 0.25;
    public double PsiWarning { get; init; } = 0.1;

    /// <summary>Absolute change of a pairwise correlation at which it is an error / a warning.</summary>
    public double CorrelationError { get; init; } = 0.2;
    public double CorrelationWarning { get; init; } = 0.1;

    /// <summary>Total variation distance between the label distributions for an error / a warning.</summary>
    public double LabelShiftError { get; init; } = 0.1;
    public double LabelShiftWarning { get; init; } = 0.03;

    /// <summary>Neighbours asked per candidate row in the label-noise check.</summary>
    public int LabelNoiseNeighbours { get; init; } = 10;

    /// <summary>A row is suspect when at least this share of its neighbours agree on another label.</summary>
    public double LabelNoiseConfidence { get; init; } = 0.8;

    /// <summary>Suspect-row rate above the reference's own rate (and significant) that fails the gate.</summary>
    public double LabelNoiseExcess { get; init; } = 0.01;

    /// <summary>Near-duplicate grid: numbers equal after rounding to this many robust standard deviations.</summary>
    public double NearDuplicateEpsilon { get; init; } = 1e-3;

    /// <summary>Duplicate-row rate above the reference's own (and significant) that fails the gate.</summary>
    public double DuplicateExcess { get; init; } = 0.01;

    /// <summary>Robust z (|x − median| / (1.4826·MAD)) beyond which a value outside the reference range is reported.</summary>
    public double OutlierZ { get; init; } = 10;

    /// <summary>A value further outside the reference range than this many range widths fails the gate.</summary>
    public double OutlierRangeMargin { get; init; } = 2;

    /// <summary>Fewest candidate rows carrying a value or token before it can be called a trigger.</summary>
    public int BackdoorMinRows { get; init; } = 10;

    /// <summary>A trigger is rare: it occurs in at most this share of the candidate rows.</summary>
    public double BackdoorMaxShare { get; init; } = 0.05;

    /// <summary>Share of the trigger's rows that carry its label.</summary>
    public double BackdoorPurity { get; init; } = 0.9;

    /// <summary>Rows sampled (uniform reservoir) for the KS test, k-NN label noise and value triggers.</summary>
    public int SampleRows { get; init; } = 50_000;

    /// <summary>Candidate rows whose label is checked against the reference's neighbourhood.</summary>
    public int LabelNoiseRows { get; init; } = 5_000;

    /// <summary>Reference rows the neighbours are taken from.</summary>
    public int LabelNoiseReferenceRows { get; init; } = 5_000;

    /// <summary>Most row numbers listed in one finding's <c>rows</c> property.</summary>
    public int MaxListedRows { get; init; } = 1000;

    public IReadOnlyList<string> DisableRules { get; init; } = [];

    public static DataCheckOptions Default { get; } = new();

    /// <summary>The first setting that is out of range, named as in bulwark.toml, or null.</summary>
    public string? Problem()
    {
        static bool Share(double v) => v is > 0 and < 1;
        return !Share(Alpha) ? "alpha must be between 0 and 1"
            : !(KsWarning > 0 && KsWarning <= KsError && KsError <= 1) ? "ks_warning and ks_error must satisfy 0 < ks_warning ≤ ks_error ≤ 1"
            : !(PsiWarning > 0 && PsiWarning <= PsiError) ? "psi_warning and psi_error must satisfy 0 < psi_warning ≤ psi_error"
            : !(CorrelationWarning > 0 && CorrelationWarning <= CorrelationError && CorrelationError <= 2) ? "correlation_warning and correlation_error must satisfy 0 < warning ≤ error ≤ 2"
            : !(LabelShiftWarning > 0 && LabelShiftWarning <= LabelShiftError && LabelShiftError <= 1) ? "label_shift_warning and label_shift_error must satisfy 0 < warning ≤ error ≤ 1"
            : LabelNoiseNeighbours is < 1 or > 100 ? "label_noise_neighbours must be between 1 and 100"
            : !Share(LabelNoiseConfidence) ? "label_noise_confidence must be between 0 and 1"
            : !Share(LabelNoiseExcess) ? "label_noise_excess must be between 0 and 1"
            : !(NearDuplicateEpsilon is > 0 and <= 1) ? "near_duplicate_epsilon must be in (0, 1]"
            : !Share(DuplicateExcess) ? "duplicate_excess must be between 0 and 1"
            : OutlierZ <= 0 ? "outlier_z must be positive"
            : OutlierRangeMargin < 0 ? "outlier_range_margin must be zero or more"
            : BackdoorMinRows < 2 ? "backdoor_min_rows must be at least 2"
            : !Share(BackdoorMaxShare) ? "backdoor_max_share must be between 0 and 1"
            : !(BackdoorPurity is > 0.5 and <= 1) ? "backdoor_purity must be in (0.5, 1]"
            : SampleRows is < 1000 or > 10_000_000 ? "sample_rows must be between 1,000 and 10,000,000"
            : LabelNoiseRows is < 100 or > 1_000_000 ? "label_noise_rows must be between 100 and 1,000,000"
            : LabelNoiseReferenceRows is < 100 or > 1_000_000 ? "label_noise_reference_rows must be between 100 and 1,000,000"
            : null;
    }
}
