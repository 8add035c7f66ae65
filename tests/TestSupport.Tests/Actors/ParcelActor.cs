using System.Text;
using Dapr.Actors.Runtime;

namespace Growbin.TestSupport.Tests.Actors;

/// <summary>A small actor shaped like Growbin's: state per call, a one-shot follow-up reminder, a retry reminder.</summary>
public sealed class ParcelActor(ActorHost host) : Actor(host), IParcelActor, IRemindable
{
    public async Task CollectAsync(string by)
    {
        await StateManager.AddOrUpdateStateAsync("collections", 1, (_, n) => n + 1);
        await StateManager.SetStateAsync("last-by", by);
        await RegisterReminderAsync("followup", Encoding.UTF8.GetBytes(by), TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
    }

    public async Task FailAfterWritingAsync()
    {
        await StateManager.SetStateAsync("last-by", "nobody");
        throw new InvalidOperationException("boom");
    }

    public Task StartTickingAsync() =>
        RegisterTimerAsync("tick", nameof(OnTickAsync), [42], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        var attempts = await StateManager.AddOrUpdateStateAsync(reminderName + "-fired", 1, (_, n) => n + 1);
        if (reminderName == "followup" && attempts < 3)
        {
            // Retry with backoff by re-arming the one-shot reminder from inside its own callback.
            await RegisterReminderAsync("followup", state, TimeSpan.FromMinutes(attempts), Timeout.InfiniteTimeSpan);
        }
    }

    protected override async Task OnActivateAsync() =>
        await StateManager.AddOrUpdateStateAsync("activations", 1, (_, n) => n + 1);

    private async Task OnTickAsync(byte[] data) =>
        await StateManager.SetStateAsync("tick-data", (int)data[0]);
}
