namespace Bulwark.Server.Identity;

/// <summary>What a sign-in step led to. Failures are deliberately not told apart to the person signing in.</summary>
internal enum SignInOutcome
{
    Failed,
    Throttled,
    MfaRequired,
    SignedIn,

    /// <summary>Signed in, but the MFA policy applies and they are not enrolled: send them to enrolment.</summary>
    MustEnrol,
}
