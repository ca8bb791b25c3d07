namespace Bulwark.Scanning.Tests.Dependencies.Manifests.Go;

/// <summary>A small Go HTTP service's module files.</summary>
internal static class GoSamples
{
    public const string GoMod = """
        // Orders service.
        module example.com/orders

        go 1.22

        toolchain go1.22.3

        require github.com/gin-gonic/gin v1.9.1

        require (
        	github.com/google/uuid v1.6.0
        	golang.org/x/net v0.17.0 // indirect
        	golang.org/x/text v0.13.0 // indirect; pulled in by x/net
        	example.com/internal/auth v0.0.0-20240101000000-abcdef123456
        	"github.com/quoted/mod" v1.0.0
        )

        replace golang.org/x/net v0.17.0 => golang.org/x/net v0.23.0

        replace example.com/internal/auth => ../auth

        exclude github.com/google/uuid v1.5.0

        retract [v0.1.0, v0.1.5] // published by mistake
        """;

    public const string GoSum = """
        github.com/gin-gonic/gin v1.9.1 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=
        github.com/gin-gonic/gin v1.9.1/go.mod h1:hPrL7YrpYKXt5YId3A/Tnip5kqbEAP+KLuI3SUcPTeU=
        github.com/google/uuid v1.5.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=
        github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=
        github.com/leodido/go-urn v1.2.4 h1:XlAE/cm/ms7TE/VMVoduSpNBoyc2dOxHs5MZSwAN63Q=
        github.com/leodido/go-urn v1.2.4/go.mod h1:7ZrI8mTSeBSHl/UaRyKQW1qZeMgak41ANeCNaVckg+4=
        golang.org/x/net v0.17.0 h1:pVaXccu2ozPjCXewfr1S7xoDYS3Y5S3Ek8nVCO6j7vM=
        golang.org/x/text v0.13.0 h1:ablQoSUd0tRdKxZewP80B+BaqeKJuVhuRxj/dkrun3k=
        """;
}
