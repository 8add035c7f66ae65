using Dapr.Actors;

namespace Growbin.TestSupport.Tests.Actors;

public interface IParcelActor : IActor
{
    Task CollectAsync(string by);

    Task FailAfterWritingAsync();

    Task StartTickingAsync();
}
