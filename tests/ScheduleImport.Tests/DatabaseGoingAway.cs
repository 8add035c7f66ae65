using Dapr.Client;
using Growbin.TestSupport.Dapr;

namespace Growbin.ScheduleImport.Tests;

/// <summary>growbin-db that answers its first statements, then fails as a database that went away does (no SQLSTATE).</summary>
public sealed class DatabaseGoingAway(IBindingHandler database, int statementsBeforeFailing) : IBindingHandler
{
    private int _statements;

    public Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct) =>
        Interlocked.Increment(ref _statements) > statementsBeforeFailing
            ? throw new InvalidOperationException("failed to connect to `host=localhost user=growbin database=growbin`: dial error")
            : database.HandleAsync(request, ct);
}
