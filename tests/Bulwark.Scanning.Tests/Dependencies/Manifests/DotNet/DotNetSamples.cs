namespace Bulwark.Scanning.Tests.Dependencies.Manifests.DotNet;

/// <summary>An ASP.NET Core service's project file, central package versions and lock file.</summary>
internal static class DotNetSamples
{
    public const string Csproj = """
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net8.0</TargetFramework>
            <SerilogVersion>3.1.1</SerilogVersion>
            <EfMajor>8.0</EfMajor>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
            <PackageReference Include="Serilog.AspNetCore" Version="$(SerilogVersion)" />
            <PackageReference Include="Microsoft.EntityFrameworkCore" Version="$(EfMajor).1" />
            <PackageReference Include="Polly" Version="[8.2.0]" />
            <PackageReference Include="Dapper" Version="[2.0,3.0)" />
            <PackageReference Include="AutoMapper">
              <Version>12.0.1</Version>
            </PackageReference>
            <PackageReference Include="Swashbuckle.AspNetCore" VersionOverride="6.5.0" />
            <PackageReference Include="MediatR" Version="$(MediatRVersion)" />
            <PackageReference Include="Central.Managed" />
            <PackageReference Update="Microsoft.NET.ILLink.Tasks" Version="8.0.0" />
            <PackageReference Include="Bogus.Version" Version="not-a-version" />
          </ItemGroup>
          <ItemGroup>
            <ProjectReference Include="../Orders.Domain/Orders.Domain.csproj" />
          </ItemGroup>
        </Project>
        """;

    public const string DirectoryPackagesProps = """
        <Project>
          <PropertyGroup>
            <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
            <PackageVersion Include="Central.Managed" Version="1.4.2" />
            <PackageVersion Include="xunit" Version="2.9.3" />
            <GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.133" />
          </ItemGroup>
        </Project>
        """;

    public const string PackagesLock = """
        {
          "version": 1,
          "dependencies": {
            "net8.0": {
              "Newtonsoft.Json": {
                "type": "Direct",
                "requested": "[13.0.3, )",
                "resolved": "13.0.3",
                "contentHash": "HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ=="
              },
              "Serilog": {
                "type": "Transitive",
                "resolved": "3.1.1",
                "contentHash": "P6G4/4Kt9bT635bhuwdXlJ2SCqqn2nhh4gqFqQueCOr9bK/e7W9ll/IoX1Ter948cV2Z/5+5v8pAfJYUISY03A=="
              },
              "Central.Managed": {
                "type": "CentralTransitive",
                "requested": "[1.4.2, )",
                "resolved": "1.4.2"
              },
              "Orders.Domain": {
                "type": "Project",
                "dependencies": {
                  "Serilog": "[3.1.1, )"
                }
              }
            },
            "net8.0/linux-x64": {
              "Newtonsoft.Json": {
                "type": "Direct",
                "requested": "[13.0.3, )",
                "resolved": "13.0.3"
              }
            }
          }
        }
        """;
}
