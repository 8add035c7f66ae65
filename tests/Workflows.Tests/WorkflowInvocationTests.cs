using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Growbin.Workflows.Tests;

/// <summary>
/// WorkflowClient over Dapr service invocation to the host's endpoints (how an app in another namespace reaches the
/// workflow actors): same answers as the actor transport, same idempotent start, same "unknown instance".
/// </summary>
public sealed class WorkflowInvocationTests : IAsyncLifetime
{
    private readonly WorkflowHarness _h = new();
    private WorkflowHostApp _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowHostApp.StartAsync(_h);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task An_invoked_client_starts_a_workflow_and_reads_it_as_the_actor_client_does()
    {
        var client = _host.InvokingClient();

        var id = await client.ScheduleNewWorkflowAsync(nameof(CompensatingWorkflow), "inv-1", "abc");
        var direct = await _h.RunToEndAsync(id);
        var invoked = await client.GetWorkflowStateAsync(id);

        id.Should().Be("inv-1");
        invoked.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        invoked.ReadOutputAs<string>().Should().Be("ABC");
        invoked.ReadInputAs<string>().Should().Be("abc");
        invoked.Name.Should().Be(nameof(CompensatingWorkflow));
        invoked.CreatedAt.Should().Be(direct.CreatedAt);
        invoked.LastUpdatedAt.Should().Be(direct.LastUpdatedAt);
        invoked.CompletedActivities.Select(a => (a.Name, a.Attempts)).Should().Equal(("first", 1));
        _h.Worker.CallsTo("first").Should().Be(1);
    }

    [Fact]
    public async Task Reading_without_inputs_and_outputs_leaves_them_out()
    {
        var client = _host.InvokingClient();
        var id = await client.ScheduleNewWorkflowAsync(nameof(CompensatingWorkflow), "inv-lean", "abc");
        await _h.RunToEndAsync(id);

        var lean = await client.GetWorkflowStateAsync(id, getInputsAndOutputs: false);

        lean.Exists.Should().BeTrue();
        lean.Input.Should().BeNull();
        lean.Output.Should().BeNull();
        lean.CompletedActivities.Should().ContainSingle().Which.Output.Should().BeNull();
    }

    [Fact]
    public async Task Starting_the_same_instance_twice_keeps_one_instance_with_the_first_input()
    {
        var client = _host.InvokingClient();

        await client.ScheduleNewWorkflowAsync(nameof(CompensatingWorkflow), "inv-twice", "first-input");
        await client.ScheduleNewWorkflowAsync(nameof(CompensatingWorkflow), "inv-twice", "second-input");
        var state = await _h.RunToEndAsync("inv-twice");

        state.ReadInputAs<string>().Should().Be("first-input");
        _h.Worker.CallsTo("first").Should().Be(1);
    }

    [Fact]
    public async Task The_start_endpoint_answers_201_for_a_new_instance_and_200_for_an_existing_one()
    {
        var request = new { name = nameof(CompensatingWorkflow), input = "x" };

        var first = await _host.Http.PostAsJsonAsync(WorkflowEndpoints.PathOf("inv-codes"), request);
        var second = await _host.Http.PostAsJsonAsync(WorkflowEndpoints.PathOf("inv-codes"), request);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_instance_reads_as_not_existing_as_over_actors()
    {
        var invoked = await _host.InvokingClient().GetWorkflowStateAsync("never-started");
        var direct = await _h.Client.GetWorkflowStateAsync("never-started");

        invoked.Exists.Should().BeFalse();
        invoked.Should().BeEquivalentTo(direct);
        invoked.Should().BeEquivalentTo(WorkflowState.NotFound("never-started"));
    }

    [Fact]
    public async Task The_state_endpoint_answers_404_with_a_stable_problem_type_for_an_unknown_instance()
    {
        var response = await _host.Http.GetAsync(WorkflowEndpoints.PathOf("never-started"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("type").GetString().Should().Be(WorkflowEndpoints.InstanceNotFoundType);
    }

    [Fact]
    public async Task An_unregistered_workflow_is_refused_with_400_and_the_invoked_client_throws_HttpRequestException()
    {
        var response = await _host.Http.PostAsJsonAsync(WorkflowEndpoints.PathOf("inv-bad"), new { name = "NoSuchWorkflow" });
        var start = () => _host.InvokingClient().ScheduleNewWorkflowAsync("NoSuchWorkflow", "inv-bad-2");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString()
            .Should().Be(WorkflowEndpoints.UnknownWorkflowType);
        await start.Should().ThrowAsync<HttpRequestException>();
        (await _h.Client.GetWorkflowStateAsync("inv-bad")).Exists.Should().BeFalse();
        (await _h.Client.GetWorkflowStateAsync("inv-bad-2")).Exists.Should().BeFalse();
    }

    [Fact]
    public async Task An_unreachable_host_is_an_HttpRequestException_for_start_and_read()
    {
        var client = _host.InvokingClient(hostAppId: "no-such-app");

        var start = () => client.ScheduleNewWorkflowAsync(nameof(CompensatingWorkflow), "inv-down", "x");
        var read = () => client.GetWorkflowStateAsync("inv-down");

        await start.Should().ThrowAsync<HttpRequestException>();
        await read.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task A_404_that_is_not_the_hosts_answer_is_a_failure_not_a_missing_instance()
    {
        // An app without the workflow endpoints (wrong app id, old deployment) answers a bare 404.
        _h.Dapr.RegisterApp("not-a-host", new HttpClient(new BareNotFound()) { BaseAddress = new Uri("http://not-a-host") });

        var read = () => _host.InvokingClient(hostAppId: "not-a-host").GetWorkflowStateAsync("anything");

        await read.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task An_empty_configured_host_app_id_falls_back_to_the_actor_transport()
    {
        var client = _host.InvokingClient(hostAppId: "no-such-app", settings: new Dictionary<string, string?> { ["Workflows:HostAppId"] = "" });

        await client.ScheduleNewWorkflowAsync(nameof(CompensatingWorkflow), "inv-actors", "x");

        (await _h.Client.GetWorkflowStateAsync("inv-actors")).Exists.Should().BeTrue();
    }

    [Fact]
    public async Task A_configured_host_app_id_overrides_the_default()
    {
        var client = _host.InvokingClient(hostAppId: "no-such-app", settings: new Dictionary<string, string?> { ["Workflows:HostAppId"] = WorkflowHostApp.AppId });

        await client.ScheduleNewWorkflowAsync(nameof(CompensatingWorkflow), "inv-configured", "x");

        (await _h.Client.GetWorkflowStateAsync("inv-configured")).Exists.Should().BeTrue();
    }

    private sealed class BareNotFound : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
