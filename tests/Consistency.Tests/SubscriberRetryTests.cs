using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Growbin.Consistency.Tests;

/// <summary>
/// The pub/sub inbound retry (resiliency <c>subscriberDelivery</c>) holds a delivery long enough to ride out a
/// dependency outage of several minutes, computed the way daprd runs it. The resiliency schema has no initial interval
/// or jitter setting (dapr/dapr pkg/apis/resiliency/v1alpha1/types.go Retry: policy, duration, maxInterval,
/// maxRetries); the rest is dapr/kit retry.DefaultConfig (InitialInterval 500 ms, RandomizationFactor 0.5, Multiplier
/// 1.5, MaxElapsedTime 15 min, from cenkalti/backoff v4), and cenkalti/backoff v4 exponential.go NextBackOff draws
/// each wait from [interval × 0.5, interval × 1.5], then multiplies the interval by 1.5, or sets it to maxInterval once
/// it reaches maxInterval / 1.5.
/// </summary>
public sealed class SubscriberRetryTests
{
    private const double InitialIntervalSeconds = 0.5;
    private const double Multiplier = 1.5;
    private const double RandomizationFactor = 0.5;
    private static readonly TimeSpan MaxElapsedTime = TimeSpan.FromMinutes(15);

    /// <summary>The outage a delivery must outlast before it is dead-lettered, even when every wait is drawn at its shortest.</summary>
    private static readonly TimeSpan RequiredMinimum = TimeSpan.FromMinutes(5);

    public static TheoryData<string> ResiliencyFiles => new() { "components/resiliency.yaml", "k8s/base/dapr/resiliency.yaml" };

    [Theory]
    [MemberData(nameof(ResiliencyFiles))]
    public void Subscriber_delivery_retries_for_at_least_five_minutes_before_the_dead_letter(string file)
    {
        foreach (var spec in Specs(file))
        {
            var retry = SubscriberDelivery(spec);

            var span = ShortestRetrySpan(retry);

            span.Should().BeGreaterThanOrEqualTo(RequiredMinimum,
                "{0}: with every wait at the jitter's low end the retries must still outlast a {1}-minute outage ({2} retries, maxInterval {3})",
                file, RequiredMinimum.TotalMinutes, retry.MaxRetries, retry.MaxInterval);
        }
    }

    [Theory]
    [MemberData(nameof(ResiliencyFiles))]
    public void Subscriber_delivery_retries_end_by_their_count_not_by_backoffs_fifteen_minute_cap(string file)
    {
        foreach (var spec in Specs(file))
        {
            var retry = SubscriberDelivery(spec);

            // The nominal schedule fits the 15 minutes backoff allows in all, so maxRetries is what ends it (jitter's
            // upside may still reach the cap, which keeps a held message under RabbitMQ's 30 min consumer timeout).
            NominalRetrySpan(retry).Should().BeLessThan(MaxElapsedTime, file);
        }
    }

    [Fact]
    public void The_dapr_double_retries_a_delivery_as_often_as_the_policy()
    {
        var retry = SubscriberDelivery(Specs("components/resiliency.yaml")[0]);

        InMemoryDaprClient.DefaultSubscriberDeliveryRetries.Should().Be(retry.MaxRetries);
    }

    [Fact]
    public void Todays_policy_gives_the_numbers_its_comment_states()
    {
        var retry = new Retry("exponential", TimeSpan.FromSeconds(60), 20);

        NominalRetrySpan(retry).TotalSeconds.Should().BeApproximately(608.7, 0.1);
        ShortestRetrySpan(retry).TotalSeconds.Should().BeApproximately(304.4, 0.1);
    }

    [Fact]
    public void The_old_policy_gave_up_after_about_seven_seconds()
    {
        // exponential, maxInterval 30s, maxRetries 5: 0.5 + 0.75 + 1.125 + 1.6875 + 2.53 s.
        NominalRetrySpan(new Retry("exponential", TimeSpan.FromSeconds(30), 5)).TotalSeconds.Should().BeApproximately(6.59, 0.01);
    }

    private static TimeSpan NominalRetrySpan(Retry retry) => TimeSpan.FromSeconds(Waits(retry).Sum());

    private static TimeSpan ShortestRetrySpan(Retry retry) => TimeSpan.FromSeconds(Waits(retry).Sum(w => w * (1 - RandomizationFactor)));

    /// <summary>The interval behind each retry's wait, before jitter (cenkalti/backoff v4 incrementCurrentInterval).</summary>
    private static IEnumerable<double> Waits(Retry retry)
    {
        retry.Policy.Should().Be("exponential", "subscriberDelivery backs off");
        var max = retry.MaxInterval.TotalSeconds;
        var interval = InitialIntervalSeconds;
        for (var n = 0; n < retry.MaxRetries; n++)
        {
            yield return interval;
            interval = interval >= max / Multiplier ? max : interval * Multiplier;
        }
    }

    private static Retry SubscriberDelivery(Dictionary<object, object> spec)
    {
        var pubsub = spec.Map("targets").Map("components").Map(DaprComponents.PubSub);
        var name = pubsub.Map("inbound").Text("retry");
        name.Should().Be("subscriberDelivery", "deliveries to subscribers retry with the subscriberDelivery policy");

        var policy = spec.Map("policies").Map("retries").Map(name!);
        return new Retry(
            policy.Text("policy")!,
            GoTime.ParseDuration(policy.Text("maxInterval") ?? "60s"),
            int.Parse(policy.Text("maxRetries")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The spec of every Resiliency document in the file (k8s holds one per namespace).</summary>
    private static List<Dictionary<object, object>> Specs(string file)
    {
        var parser = new Parser(new StringReader(Repository.Read(file.Split('/'))));
        var deserializer = new DeserializerBuilder().Build();
        var specs = new List<Dictionary<object, object>>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<Dictionary<object, object>>(parser);
            if (document?.Text("kind") == "Resiliency")
            {
                specs.Add(document.Map("spec"));
            }
        }

        specs.Should().NotBeEmpty("{0} holds the Resiliency", file);
        return specs;
    }

    private sealed record Retry(string Policy, TimeSpan MaxInterval, int MaxRetries);
}
