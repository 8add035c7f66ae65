using System.Net;
using Growbin.Knowledge;
using Growbin.RecycleInfo;
using Growbin.TestSupport.Dapr;

namespace Growbin.RecycleInfo.Tests;

public sealed class ItemEndpointTests(RecycleInfoHost api) : IClassFixture<RecycleInfoHost>
{
    [Fact]
    public async Task An_item_comes_with_its_category_steps_exceptions_and_sources_as_utf8_json()
    {
        var response = await api.Client.GetAsync("/api/v1/recycle/items/milk-carton");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Content.Headers.ContentType.CharSet.Should().Be("utf-8");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("\"nameKo\":\"우유팩\"", "Korean is sent as UTF-8, not \\u escapes");

        var item = System.Text.Json.JsonDocument.Parse(body).RootElement;
        item.GetProperty("id").GetString().Should().Be("milk-carton");
        item.GetProperty("category").GetProperty("id").GetString().Should().Be("paper-pack");
        item.GetProperty("category").GetProperty("nameKo").GetString().Should().Be("종이팩");
        item.GetProperty("where").GetString().Should().NotBeNullOrWhiteSpace();
        item.GetProperty("steps").GetArrayLength().Should().BeGreaterThan(0);
        item.GetProperty("sources")[0].GetProperty("publisher").GetString().Should().NotBeNullOrWhiteSpace();
        item.GetProperty("datasetVersion").GetString().Should().Be(KnowledgeBase.Default.Version);
    }

    [Fact]
    public async Task Every_item_in_the_dataset_is_served()
    {
        foreach (var item in KnowledgeBase.Default.Items)
        {
            var json = await api.GetJsonAsync($"/api/v1/recycle/items/{item.Id}");
            json.GetProperty("nameKo").GetString().Should().Be(item.NameKo);
        }
    }

    [Fact]
    public async Task Exceptions_name_the_category_they_move_the_item_to()
    {
        var item = KnowledgeBase.Default.Items.First(i => i.Exceptions.Count > 0);

        var json = await api.GetJsonAsync($"/api/v1/recycle/items/{item.Id}");

        var exception = json.GetProperty("exceptions")[0];
        exception.GetProperty("when").GetString().Should().Be(item.Exceptions[0].When);
        exception.GetProperty("category").GetProperty("id").GetString().Should().Be(item.Exceptions[0].CategoryId);
    }

    [Fact]
    public async Task The_same_item_is_revalidated_with_its_etag_and_answers_304()
    {
        var first = await api.Client.GetAsync("/api/v1/recycle/items/thermal-receipt");
        first.Headers.ETag.Should().NotBeNull();
        first.Headers.CacheControl!.Public.Should().BeTrue();
        first.Headers.CacheControl.MaxAge.Should().Be(RecycleCatalog.StaticMaxAge);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/recycle/items/thermal-receipt");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await api.Client.SendAsync(request);

        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
        second.Headers.ETag.Should().Be(first.Headers.ETag);
    }

    [Fact]
    public async Task Different_items_have_different_etags()
    {
        var receipt = await api.Client.GetAsync("/api/v1/recycle/items/thermal-receipt");
        var carton = await api.Client.GetAsync("/api/v1/recycle/items/milk-carton");

        receipt.Headers.ETag.Should().NotBe(carton.Headers.ETag);
    }

    [Fact]
    public async Task An_unknown_item_is_a_404_problem_that_points_at_search()
    {
        var problem = await api.GetJsonAsync("/api/v1/recycle/items/flux-capacitor", HttpStatusCode.NotFound);

        problem.GetProperty("type").GetString().Should().Be(RecycleApi.ItemNotFound);
        problem.GetProperty("detail").GetString().Should().Contain("flux-capacitor").And.Contain("?query=");
    }

    [Theory]
    [InlineData("Milk_Carton")]
    [InlineData("우유팩")]
    [InlineData("milk--carton")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_malformed_id_is_a_400_validation_problem_and_nothing_is_stored(string id)
    {
        var problem = await api.GetJsonAsync($"/api/v1/recycle/items/{Uri.EscapeDataString(id)}", HttpStatusCode.BadRequest);

        problem.GetProperty("type").GetString().Should().Be(Growbin.ServiceDefaults.Problems.ProblemTypes.Validation);
        problem.GetProperty("errors").GetProperty("id").GetArrayLength().Should().Be(1);
        api.Factory.Dapr.StateKeys(Growbin.Contracts.DaprComponents.StateStore).Should().BeEmpty();
        api.Factory.Dapr.PublishedEvents.Should().BeEmpty();
    }

    [Fact]
    public async Task In_Seoul_the_local_pill_rule_comes_first_with_the_national_rule_as_the_fallback()
    {
        var pills = KnowledgeBase.Default.FindItem("pills")!;

        var json = await api.GetJsonAsync($"/api/v1/recycle/items/pills?region={Uri.EscapeDataString("서울 마포구")}");

        json.GetProperty("region").GetString().Should().Be("서울특별시 마포구");
        var rule = json.GetProperty("rule");
        rule.GetProperty("scope").GetString().Should().Be("local");
        rule.GetProperty("region").GetString().Should().Be("서울특별시");
        rule.GetProperty("dropOff").GetString().Should().Contain("우체통");
        rule.GetProperty("sources")[0].GetProperty("id").GetString().Should().Be("seoul-medicine-postbox");
        json.GetProperty("steps").EnumerateArray().Select(s => s.GetString()).Should().Equal(pills.Steps, "the top level stays the national rule");
        json.GetProperty("localRulesDiffer").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData("/api/v1/recycle/items/pills")]
    [InlineData("/api/v1/recycle/items/pills?region=%EB%B6%80%EC%82%B0")] // 부산: no rules of its own
    [InlineData("/api/v1/recycle/items/milk-carton?region=%EC%84%9C%EC%9A%B8")] // 서울, but no rule for this item
    public async Task Without_a_local_rule_the_rule_is_the_national_one_and_says_so(string url)
    {
        var json = await api.GetJsonAsync(url);

        var rule = json.GetProperty("rule");
        rule.GetProperty("scope").GetString().Should().Be("national");
        rule.GetProperty("region").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        rule.GetProperty("steps").EnumerateArray().Select(s => s.GetString())
            .Should().Equal(json.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        rule.GetProperty("category").GetProperty("id").GetString().Should().Be(json.GetProperty("category").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("마포구")]
    [InlineData("Tokyo")]
    [InlineData("   ")]
    [InlineData("서울특별시 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_region_that_names_no_sido_is_a_400_validation_problem_and_nothing_is_stored(string region)
    {
        var problem = await api.GetJsonAsync($"/api/v1/recycle/items/pills?region={Uri.EscapeDataString(region)}", HttpStatusCode.BadRequest);

        problem.GetProperty("type").GetString().Should().Be(Growbin.ServiceDefaults.Problems.ProblemTypes.Validation);
        problem.GetProperty("errors").GetProperty("region").GetArrayLength().Should().Be(1);
        api.Factory.Dapr.StateKeys(Growbin.Contracts.DaprComponents.StateStore).Should().BeEmpty();
        api.Factory.Dapr.PublishedEvents.Should().BeEmpty();
    }
}
