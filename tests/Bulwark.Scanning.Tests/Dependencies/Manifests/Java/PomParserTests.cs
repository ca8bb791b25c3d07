using Bulwark.Scanning.Dependencies;
using Bulwark.Scanning.Dependencies.Manifests;
using Bulwark.Scanning.Dependencies.Manifests.Java;
using Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript;
using static Bulwark.Scanning.Tests.Dependencies.Manifests.JavaScript.ManifestHarness;

namespace Bulwark.Scanning.Tests.Dependencies.Manifests.Java;

public sealed class PomParserTests : IDisposable
{
    internal const string Pom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-parent</artifactId>
            <version>3.1.5</version>
          </parent>
          <groupId>com.example</groupId>
          <artifactId>orders</artifactId>
          <version>1.4.0</version>
          <properties>
            <java.version>17</java.version>
            <jackson.version>2.15.3</jackson.version>
            <guava.version>${guava.base}-jre</guava.version>
            <guava.base>32.1.3</guava.base>
          </properties>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>org.apache.commons</groupId>
                <artifactId>commons-text</artifactId>
                <version>1.10.0</version>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-starter-web</artifactId>
            </dependency>
            <dependency>
              <groupId>com.fasterxml.jackson.core</groupId>
              <artifactId>jackson-databind</artifactId>
              <version>${jackson.version}</version>
            </dependency>
            <dependency>
              <groupId>com.google.guava</groupId>
              <artifactId>guava</artifactId>
              <version>${guava.version}</version>
            </dependency>
            <dependency>
              <groupId>org.apache.commons</groupId>
              <artifactId>commons-text</artifactId>
            </dependency>
            <dependency>
              <groupId>${project.groupId}</groupId>
              <artifactId>orders-api</artifactId>
              <version>${project.version}</version>
            </dependency>
            <dependency>
              <groupId>org.yaml</groupId>
              <artifactId>snakeyaml</artifactId>
              <version>[1.33,2.0)</version>
            </dependency>
            <dependency>
              <groupId>org.slf4j</groupId>
              <artifactId>slf4j-api</artifactId>
              <version>${slf4j.version}</version>
            </dependency>
            <dependency>
              <groupId>junit</groupId>
              <artifactId>junit</artifactId>
              <version>[4.13.2]</version>
              <scope>test</scope>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.springframework.boot</groupId>
                <artifactId>spring-boot-maven-plugin</artifactId>
                <version>3.1.5</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """;

    private readonly ManifestHarness _harness = new();
    private readonly PomParser _parser = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Reads_dependencies_with_group_artifact_names_and_version_positions()
    {
        var result = _harness.Parse(_parser, "pom.xml", Pom);

        result.IsLockfile.ShouldBeFalse();
        result.Errors.ShouldBeEmpty();
        result.Packages.Count.ShouldBe(8);
        result.Packages.ShouldNotContain(p => p.Name.Contains("maven-plugin"));
        var jackson = Single(result, "com.fasterxml.jackson.core:jackson-databind");
        jackson.ShouldSatisfyAllConditions(
            p => p.Ecosystem.ShouldBe(Ecosystems.Maven),
            p => p.Version.ShouldBe("2.15.3"),
            p => p.Scope.ShouldBe(DependencyScope.Direct),
            p => (p.Line, p.Column).ShouldBe(PositionOf(Pom, "${jackson.version}</version>")));
    }

    [Fact]
    public void Resolves_properties_project_coordinates_and_managed_versions()
    {
        var result = _harness.Parse(_parser, "pom.xml", Pom);

        Single(result, "com.google.guava:guava").Version.ShouldBe("32.1.3-jre");
        Single(result, "com.example:orders-api").Version.ShouldBe("1.4.0");
        var text = Single(result, "org.apache.commons:commons-text");
        text.Version.ShouldBe("1.10.0");
        (text.Line, text.Column).ShouldBe(PositionOf(Pom, "1.10.0"));
    }

    [Fact]
    public void Ranges_and_unresolvable_versions_are_requirements_and_test_scope_is_development()
    {
        var result = _harness.Parse(_parser, "pom.xml", Pom);

        Single(result, "org.yaml:snakeyaml").ShouldSatisfyAllConditions(p => p.Version.ShouldBeNull(), p => p.Requirement.ShouldBe("[1.33,2.0)"));
        Single(result, "org.slf4j:slf4j-api").ShouldSatisfyAllConditions(p => p.Version.ShouldBeNull(), p => p.Requirement.ShouldBe("${slf4j.version}"));
        Single(result, "org.springframework.boot:spring-boot-starter-web").ShouldSatisfyAllConditions(
            p => p.Version.ShouldBeNull(),
            p => p.Requirement.ShouldBeNull(),
            p => (p.Line, p.Column).ShouldBe(PositionOf(Pom, "dependency>\n      <groupId>org.springframework.boot")));
        Single(result, "junit:junit").ShouldSatisfyAllConditions(p => p.Version.ShouldBe("4.13.2"), p => p.IsDevelopment.ShouldBeTrue());
        Single(result, "org.yaml:snakeyaml").IsDevelopment.ShouldBeFalse();
    }

    [Fact]
    public void Malformed_xml_is_one_error_with_position()
    {
        var result = _harness.Parse(_parser, "pom.xml", "<project>\n  <dependencies>\n    <dependency><groupId>a</groupId>\n  </dependencies>\n</project>");

        var error = result.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(4);
        error.Message.ShouldStartWith("invalid XML");
    }
}
