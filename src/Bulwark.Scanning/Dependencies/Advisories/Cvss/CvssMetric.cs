namespace Bulwark.Scanning.Dependencies.Advisories.Cvss;

/// <summary>One metric of a CVSS version: its abbreviation, whether a vector must carry it, and its allowed values.</summary>
internal sealed record CvssMetric(string Name, bool Required, string[] Values);
