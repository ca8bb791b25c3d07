using Bulwark.Core.Configuration;

namespace Bulwark.Ml.Data;

/// <summary>Applies the <c>[data]</c> table of bulwark.toml over the defaults and checks the result.</summary>
internal static class DataCheckSettings
{
    /// <exception cref="ConfigException">A threshold is out of range (the message names the key).</exception>
    public static DataCheckOptions FromConfig(DataConfig config, string where)
    {
        var options = DataCheckOptions.Default with { DisableRules = config.DisableRules };
        foreach (var (key, value) in config.Numbers)
        {
            options = key switch
            {
                "alpha" => options with { Alpha = value },
                "ks_error" => options with { KsError = value },
                "ks_warning" => options with { KsWarning = value },
                "psi_error" => options with { PsiError = value },
                "psi_warning" => options with { PsiWarning = value },
                "correlation_error" => options with { CorrelationError = value },
                "correlation_warning" => options with { CorrelationWarning = value },
                "label_shift_error" => options with { LabelShiftError = value },
                "label_shift_warning" => options with { LabelShiftWarning = value },
                "label_noise_neighbours" => options with { LabelNoiseNeighbours = Whole(key, value, where) },
                "label_noise_confidence" => options with { LabelNoiseConfidence = value },
                "label_noise_excess" => options with { LabelNoiseExcess = value },
                "near_duplicate_epsilon" => options with { NearDuplicateEpsilon = value },
                "duplicate_excess" => options with { DuplicateExcess = value },
                "outlier_z" => options with { OutlierZ = value },
                "outlier_range_margin" => options with { OutlierRangeMargin = value },
                "backdoor_min_rows" => options with { BackdoorMinRows = Whole(key, value, where) },
                "backdoor_max_share" => options with { BackdoorMaxShare = value },
                "backdoor_purity" => options with { BackdoorPurity = value },
                "sample_rows" => options with { SampleRows = Whole(key, value, where) },
                "label_noise_rows" => options with { LabelNoiseRows = Whole(key, value, where) },
                "label_noise_reference_rows" => options with { LabelNoiseReferenceRows = Whole(key, value, where) },
                _ => options,
            };
        }
        if (options.Problem() is { } problem)
        {
            throw new ConfigException($"{where}: {problem}");
        }
        return options;
    }

    private static int Whole(string key, double value, string where) =>
        value == Math.Floor(value) && value is >= 0 and <= int.MaxValue
            ? (int)value
            : throw new ConfigException($"{where}: '{key}' must be a whole number (got {value})");
}
