namespace Bulwark.Scanning.Dependencies.Advisories.Cvss;

/// <summary>A scored CVSS vector.</summary>
/// <param name="Version">"2.0", "3.0", "3.1" or "4.0".</param>
/// <param name="BaseScore">
/// 0.0–10.0, one decimal. v2 and v3: the base score (temporal and environmental metrics are ignored).
/// v4: the score of the whole vector as the FIRST calculator computes it, so CVSS-B for a base-only vector and
/// CVSS-BT/BE/BTE when threat or environmental metrics are present.
/// </param>
/// <param name="Rating">None, Low, Medium, High or Critical (see <see cref="CvssRating"/>).</param>
/// <param name="Vector">The vector exactly as given.</param>
internal sealed record CvssScore(string Version, double BaseScore, string Rating, string Vector);
