using System.Text.Json;
using System.Xml.Linq;
using Growbin.Contracts;

namespace Growbin.Consistency.Tests;

/// <summary>dapr.yaml (the multi-app run), Growbin.sln and each app's launch settings describe the same 12 apps.</summary>
public sealed class DaprRunTemplateTests
{
    private static readonly Dictionary<object, object> Template = Repository.ReadYaml("dapr.yaml");
    private static readonly List<Dictionary<object, object>> Apps = Template.List("apps").Maps().ToList();

    [Fact]
    public void Every_app_id_is_in_the_run_template_once()
    {
        Apps.Select(a => a.Text("appID")).Should().BeEquivalentTo(AppIds.All).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Every_app_in_the_template_has_a_web_project_in_the_solution_and_vice_versa()
    {
        var webProjects = Repository.SolutionProjects()
            .Where(p => XDocument.Load(Repository.PathOf(p)).Root!.Attribute("Sdk")!.Value == "Microsoft.NET.Sdk.Web")
            .ToList();

        var appDirectories = Apps.Select(a => a.Text("appDirPath")!.TrimStart('.', '/')).ToList();

        webProjects.Select(p => Path.GetDirectoryName(p)!.Replace('\\', '/')).Should().BeEquivalentTo(appDirectories);
        foreach (var app in Apps)
        {
            var directory = app.Text("appDirPath")!.TrimStart('.', '/');
            directory.Should().Be(Repository.AppDirectory(app.Text("appID")!), "app-id = folder name");
            var project = webProjects.Single(p => p.StartsWith(directory + "/", StringComparison.Ordinal));
            var dll = Path.GetFileNameWithoutExtension(project) + ".dll";
            app.List("command").Select(c => c.ToString()).Should().Contain($"bin/Debug/net10.0/{dll}");
        }
    }

    [Theory]
    [InlineData(AppIds.WasteApi)]
    [InlineData(AppIds.ImageUploader)]
    public void Apps_that_move_photos_let_their_sidecar_carry_the_largest_upload(string appId)
    {
        // 10 MiB uploads go through the images binding; daprd refuses requests over 4 MB unless told otherwise.
        var app = Apps.Single(a => a.Text("appID") == appId);

        // The CLI reads maxBodySize ("16Mi") from 1.15 on; daprHTTPMaxRequestSize would be dropped without a word.
        app.Text("daprHTTPMaxRequestSize").Should().BeNull();
        var size = app.Text("maxBodySize");
        size.Should().MatchRegex("^[0-9]+Mi$");
        int.Parse(size![..^2], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(10);
    }

    [Fact]
    public void No_sidecar_takes_the_ports_where_dapr_init_runs_placement_and_scheduler()
    {
        // dapr/cli pkg/standalone/standalone.go: dapr init publishes placement on 50005 and scheduler on 50006.
        Apps.SelectMany(a => new[] { a.Text("appPort"), a.Text("daprHTTPPort"), a.Text("daprGRPCPort"), a.Text("metricsPort") })
            .Should().NotContain(DaprControlPlane.Ports);
    }

    [Fact]
    public void Ports_do_not_collide()
    {
        var ports = Apps.SelectMany(a => new[] { a.Text("appPort"), a.Text("daprHTTPPort"), a.Text("daprGRPCPort"), a.Text("metricsPort") }).ToList();

        ports.Should().NotContainNulls().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Dotnet_run_uses_the_same_ports_as_the_run_template()
    {
        foreach (var app in Apps)
        {
            var appId = app.Text("appID")!;
            using var settings = JsonDocument.Parse(Repository.Read(Repository.AppDirectory(appId), "Properties", "launchSettings.json"));
            var profile = settings.RootElement.GetProperty("profiles").GetProperty(appId);

            profile.GetProperty("applicationUrl").GetString().Should().Be($"http://localhost:{app.Text("appPort")}", appId);
            var environment = profile.GetProperty("environmentVariables");
            environment.GetProperty("DAPR_HTTP_PORT").GetString().Should().Be(app.Text("daprHTTPPort"), appId);
            environment.GetProperty("DAPR_GRPC_PORT").GetString().Should().Be(app.Text("daprGRPCPort"), appId);
            app.Map("env").Text("ASPNETCORE_URLS").Should().Be($"http://localhost:{app.Text("appPort")}", appId);
        }
    }

    [Fact]
    public void Sidecars_load_the_components_folder_and_probe_healthz()
    {
        var common = Template.Map("common");

        Directory.Exists(Repository.PathOf(common.Text("resourcesPath")!)).Should().BeTrue();
        File.Exists(Repository.PathOf(common.Text("configFilePath")!)).Should().BeTrue();
        common.Text("enableAppHealthCheck").Should().Be("true");
        common.Text("appHealthCheckPath").Should().Be("/healthz");
    }

    [Fact]
    public void The_solution_is_a_classic_sln_file()
    {
        Repository.Read("Growbin.sln").TrimStart('\uFEFF', '\r', '\n').Should().StartWith("Microsoft Visual Studio Solution File");
    }
}
