using Dapr.Client;
using Growbin.TestSupport.Dapr;

namespace Growbin.TestSupport.Postgres;

/// <summary>growbin-db when PostgreSQL is down: the component fails without a SQLSTATE, as pgx does on a refused connection.</summary>
public sealed class UnreachableDatabase : IBindingHandler
{
    public int Calls { get; private set; }

    public Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct)
    {
        Calls++;
        throw new InvalidOperationException(
            "failed to connect to `host=postgres user=growbin database=growbin`: dial error (dial tcp 10.0.0.7:5432: connect: connection refused)");
    }
}
