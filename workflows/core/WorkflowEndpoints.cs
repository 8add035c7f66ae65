using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Growbin.Workflows;

/// <summary>
/// The host's workflow methods for apps that cannot call its actors (another namespace), reached by Dapr service
/// invocation: <c>POST /internal/workflows/{instanceId}</c> with a <see cref="WorkflowStartRequest"/> starts an
/// instance (201; 200 when it already existed), <c>GET /internal/workflows/{instanceId}?getInputsAndOutputs=</c> reads
/// its <see cref="WorkflowState"/> (404 with <see cref="InstanceNotFoundType"/> when there is none). Not behind the
/// Ingress; in Kubernetes the sidecars' mTLS and app token guard them like every other invoked method.
/// </summary>
public static class WorkflowEndpoints
{
    public const string PathPrefix = "/internal/workflows/";

    public const string InstanceNotFoundType = "https://api.growbin.app/problems/workflow-not-found";
    public const string UnknownWorkflowType = "https://api.growbin.app/problems/unknown-workflow";

    public static string PathOf(string instanceId) => PathPrefix + Uri.EscapeDataString(instanceId);

    /// <summary>Maps the routes in the app that hosts the workflows (after <c>AddWorkflows</c>).</summary>
    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(PathPrefix).WithTags("workflows").ExcludeFromDescription();
        group.MapPost("/{instanceId}", StartAsync).WithName("StartWorkflow");
        group.MapGet("/{instanceId}", GetAsync).WithName("GetWorkflowState");
        return app;
    }

    private static async Task<Results<Created, Ok, ProblemHttpResult>> StartAsync(
        string instanceId, WorkflowStartRequest request, WorkflowRegistry registry, ActorWorkflowTransport actors, CancellationToken cancellationToken)
    {
        // Checked here: a throw inside the actor would reach the caller as a bare 500.
        if (string.IsNullOrEmpty(request.Name) || !registry.HasWorkflow(request.Name))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                type: UnknownWorkflowType,
                title: "Unknown workflow",
                detail: $"No workflow '{request.Name}' is registered in this app.");
        }

        return await actors.StartAsync(instanceId, request, cancellationToken)
            ? TypedResults.Created(PathOf(instanceId))
            : TypedResults.Ok();
    }

    private static async Task<Results<JsonHttpResult<WorkflowState>, ProblemHttpResult>> GetAsync(
        string instanceId, ActorWorkflowTransport actors, CancellationToken cancellationToken, bool getInputsAndOutputs = true)
    {
        var state = await actors.GetStateAsync(instanceId, getInputsAndOutputs, cancellationToken);
        return state.Exists
            ? TypedResults.Json(state, WorkflowJson.Options)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                type: InstanceNotFoundType,
                title: "Workflow instance not found",
                detail: $"There is no workflow instance '{instanceId}'.");
    }
}
