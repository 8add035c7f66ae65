using System.Text.Json;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.TestSupport.Hosting;

/// <summary>
/// Runs a workflow activity the way the Dapr.Workflow worker does: a new DI scope of the app, the activity created
/// from it with <see cref="ActivatorUtilities"/>, the input and the output each through the workflow's JSON — so an
/// input or output that does not survive serialization fails the test as it would fail the scan. Exceptions are not
/// caught: what the activity throws is what the workflow's retry policy would see.
/// </summary>
public static class ActivityRunner
{
    /// <summary>The options of the SDK's default serializer (<c>Dapr.Common.Serialization.JsonDaprSerializer</c>).</summary>
    public static readonly JsonSerializerOptions WorkflowJson = new(JsonSerializerDefaults.Web) { IncludeFields = true };

    /// <param name="services">The app's services, e.g. <c>factory.Services</c> of a <see cref="GrowbinAppFactory{TProgram}"/>.</param>
    /// <param name="taskId">The scan's task id, which is also its workflow instance id.</param>
    public static async Task<TOut> RunActivityAsync<TActivity, TIn, TOut>(this IServiceProvider services, TIn input, string taskId)
        where TActivity : WorkflowActivity<TIn, TOut>
    {
        ArgumentNullException.ThrowIfNull(services);

        // The workflow serializes the input it was given; the worker deserializes it as the activity's input type.
        var sent = JsonSerializer.Serialize(input, input?.GetType() ?? typeof(TIn), WorkflowJson);
        var received = (TIn)JsonSerializer.Deserialize(sent, typeof(TIn), WorkflowJson)!;

        await using var scope = services.CreateAsyncScope();
        var activity = ActivatorUtilities.CreateInstance<TActivity>(scope.ServiceProvider);
        var context = new TestActivityContext(typeof(TActivity).Name, taskId, Guid.NewGuid().ToString("N"));
        var output = await activity.RunAsync(context, received);

        // The worker serializes the output as the object it is; the workflow reads it back as what it asked for.
        var returned = JsonSerializer.Serialize<object?>(output, WorkflowJson);
        return JsonSerializer.Deserialize<TOut>(returned, WorkflowJson)!;
    }
}
