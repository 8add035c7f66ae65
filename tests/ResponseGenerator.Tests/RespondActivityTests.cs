using Dapr.Workflow.Abstractions;
using Dapr.Workflow.Worker;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Growbin.ResponseGenerator.Tests.Rules;

namespace Growbin.ResponseGenerator.Tests;

/// <summary>The respond activity run as the Dapr.Workflow worker runs it, in the app with the Dapr double as its sidecar.</summary>
public sealed class RespondActivityTests : IAsyncDisposable
{
    private const string LocalRulesHint = "사는 곳의 시·군·구";

    private readonly GrowbinAppFactory<Program> _factory = new();

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_confident_item_gets_its_rule_as_a_one_line_summary_with_the_right_particles()
    {
        var answer = await RespondAsync(ForItem("milk-carton"));

        answer.NeedsClarification.Should().BeFalse();
        answer.ClarifyingQuestion.Should().BeNull();
        answer.Summary.Should().Be("우유팩은 종이팩 전용 수거함에 버려요.");
        answer.Message.Should().StartWith(answer.Summary + "\n\n");
        answer.ItemId.Should().Be("milk-carton");
        answer.ItemName.Should().Be("우유팩");
        answer.Category.Id.Should().Be("paper-pack");
    }

    [Fact]
    public async Task The_steps_are_numbered_in_order_and_spoken_in_haeyo()
    {
        var answer = await RespondAsync(ForItem("milk-carton"));

        answer.Steps.Should().Equal("남은 우유를 비우고 물로 헹궈요.", "펼쳐서 말려요.", "종이팩 전용 수거함에 넣어요.");
        answer.Message.Should().Contain("버리는 방법:\n1. 남은 우유를 비우고 물로 헹궈요.\n2. 펼쳐서 말려요.\n3. 종이팩 전용 수거함에 넣어요.");
    }

    [Fact]
    public async Task Cautions_are_listed_under_a_caution_heading()
    {
        var answer = await RespondAsync(ForItem("milk-carton"));

        answer.Cautions.Should().Equal("일반 종이류와 섞으면 재활용 가치가 떨어져요.", "빨대·플라스틱 마개는 떼어 내요.");
        answer.Message.Should().Contain("주의:\n- 일반 종이류와 섞으면 재활용 가치가 떨어져요.\n- 빨대·플라스틱 마개는 떼어 내요.");
    }

    [Fact]
    public async Task Exceptions_the_photo_did_not_show_are_mentioned_as_ifs()
    {
        var answer = await RespondAsync(ForItem("milk-carton"));

        answer.Message.Should().Contain("만약 내용물이 말라붙어 씻기지 않으면 지자체 종량제 봉투에 버려요.");
    }

    [Fact]
    public async Task An_exception_for_a_part_is_mentioned_as_a_but()
    {
        var rule = ForItem("pizza-box");

        var answer = await RespondAsync(rule);

        answer.Message.Should().Contain("단, 기름·치즈가 묻은 부분은 지자체 종량제 봉투에 버려요.");
    }

    [Fact]
    public async Task The_drop_off_point_is_given()
    {
        var answer = await RespondAsync(ForItem("aa-battery"));

        answer.Summary.Should().Be("AA 건전지는 폐건전지 수거함에 버려요.");
        answer.DropOff.Should().Be("폐건전지 수거함 (주민센터·아파트·마트)");
        answer.Message.Should().Contain("\n가져갈 곳: 폐건전지 수거함 (주민센터·아파트·마트)");
    }

    [Fact]
    public async Task Where_local_rules_differ_the_answer_says_to_check_the_local_rule()
    {
        var differs = await RespondAsync(ForItem("broken-glass"));
        var same = await RespondAsync(ForItem("milk-carton"));

        differs.LocalRulesDiffer.Should().BeTrue();
        differs.Message.Should().Contain(LocalRulesHint).And.Contain("확인해 주세요");
        same.LocalRulesDiffer.Should().BeFalse();
        same.Message.Should().NotContain(LocalRulesHint);
    }

    [Fact]
    public async Task A_category_without_a_bin_is_named_instead_and_its_where_is_given()
    {
        var answer = await RespondAsync(ForItem("refrigerator"));

        answer.Summary.Should().Be("냉장고는 폐가전·전기전자제품으로 배출해요.");
        answer.Message.Should().Contain("가져갈 곳: 폐가전 무상방문수거 (1599-0903·온라인 예약)");
    }

    [Fact]
    public async Task Notes_on_the_bin_are_given_when_the_summary_left_them_out()
    {
        var answer = await RespondAsync(ForItem("thermal-receipt"));

        answer.Summary.Should().Be("영수증(감열지)은 지자체 종량제 봉투에 버려요.");
        answer.Message.Should().Contain("버리는 곳: 지자체 종량제 봉투 (일반쓰레기)");
    }

    [Fact]
    public async Task An_applied_exception_is_explained_and_its_categorys_steps_are_given()
    {
        var rule = ForItem("milk-carton", ItemConditions.Contaminated);

        var answer = await RespondAsync(rule, Seen(rule, conditions: ItemConditions.Contaminated));

        answer.NeedsClarification.Should().BeFalse();
        answer.Summary.Should().Be("이 우유팩은 지자체 종량제 봉투에 버려요.");
        answer.Message.Should().Contain(
            "사진에서 씻어 내기 어려운 오염이 보여서 이렇게 안내했어요. 내용물이 말라붙어 씻기지 않으면 지자체 종량제 봉투에 버려요.");
        answer.Category.Id.Should().Be("general-waste");
        answer.Steps.Should().HaveCount(Data.FindCategory("general-waste")!.HowTo.Count).And.OnlyContain(s => s.EndsWith("요."));
        answer.Message.Should().NotContain("만약 내용물이 말라붙어");
    }

    [Fact]
    public async Task A_broken_bottle_is_explained_by_what_the_photo_showed()
    {
        var rule = ForItem("soju-bottle", ItemConditions.Broken);

        var answer = await RespondAsync(rule, Seen(rule, conditions: ItemConditions.Broken));

        answer.Summary.Should().Be("이 소주병은 불연성 폐기물 전용 마대에 버려요.");
        answer.Message.Should().Contain("사진에서 깨진 것처럼 보여서 이렇게 안내했어요. 깨졌으면 불연성 폐기물 전용 마대에 버려요.");
        answer.DropOff.Should().BeNull("the deposit return is for whole bottles");
    }

    [Fact]
    public async Task A_category_level_rule_asks_which_item_it_is_instead_of_stating_a_rule()
    {
        var rule = ForCategory("paper-pack", "milk-carton", "soy-milk-carton", "sterilized-carton");

        var answer = await RespondAsync(rule, Seen(rule, confidence: 0.8, itemName: "종이 상자 같은 것"));

        answer.NeedsClarification.Should().BeTrue();
        answer.Summary.Should().Be("종이팩으로 버리는 물건처럼 보여요. 정확히 무엇인지는 확실하지 않아요.");
        answer.ClarifyingQuestion.Should().Be("어떤 물건인가요? 우유팩, 두유팩, 멸균팩 중에서 골라 주세요. 목록에 없으면 다시 찍어 주세요.");
        answer.Alternatives.Select(a => a.Id).Should().Equal("milk-carton", "soy-milk-carton", "sterilized-carton");
        answer.ItemId.Should().BeNull();
        answer.Message.Should().Contain(answer.ClarifyingQuestion)
            .And.Contain("참고로 종이팩의 일반적인 배출 방법이에요(물건마다 다를 수 있어요):\n1. 안에 남은 음료를 비우고 물로 헹궈요.");
    }

    [Fact]
    public async Task A_weak_item_guess_hedges_and_offers_its_rule_only_on_condition()
    {
        var rule = ForItem("milk-carton", alternativeIds: ["soy-milk-carton"]);

        var answer = await RespondAsync(rule, Seen(rule, confidence: 0.5));

        answer.NeedsClarification.Should().BeTrue();
        answer.Summary.Should().Be("우유팩처럼 보여요. 다만 확실하지는 않아요.");
        answer.Summary.Should().NotContain("버려요");
        answer.ClarifyingQuestion.Should().Contain("우유팩, 두유팩 중에서 골라 주세요");
        answer.Alternatives.Select(a => a.Id).Should().Equal("milk-carton", "soy-milk-carton");
        answer.Message.Should().Contain("우유팩이 맞다면 이렇게 버려요:\n1. 남은 우유를 비우고 물로 헹궈요.");
    }

    [Fact]
    public async Task A_rule_the_resolver_marked_low_confidence_hedges_even_when_the_model_was_sure()
    {
        var rule = ForItem("thermal-receipt", lowConfidence: true);

        var answer = await RespondAsync(rule, Seen(rule, confidence: 0.95));

        answer.NeedsClarification.Should().BeTrue();
        answer.Summary.Should().Be("영수증(감열지)처럼 보여요. 다만 확실하지는 않아요.");
        answer.ClarifyingQuestion.Should().StartWith("영수증(감열지)이 맞나요?");
    }

    [Fact]
    public async Task A_very_low_confidence_asks_for_a_retake_with_tips()
    {
        var rule = ForItem("milk-carton", alternativeIds: ["soy-milk-carton"]);

        var answer = await RespondAsync(rule, Seen(rule, confidence: 0.2));

        answer.NeedsClarification.Should().BeTrue();
        answer.Summary.Should().Be("사진만으로는 어떤 물건인지 잘 모르겠어요.");
        answer.ClarifyingQuestion.Should().Contain("다시 찍어 주세요").And.Contain("하나만").And.Contain("밝은 곳");
        answer.Message.Should().Contain("다시 찍을 때 팁:\n- 한 번에 물건 하나만").And.Contain("우유팩, 두유팩 중 하나라면");
        answer.Steps.Should().BeEmpty("a guess this weak is not stated as a rule");
        answer.Message.Should().NotContain("1. ");
    }

    [Fact]
    public async Task A_category_guess_with_nothing_to_choose_from_asks_for_a_retake()
    {
        var rule = ForCategory("metal-can");

        var answer = await RespondAsync(rule, Seen(rule, confidence: 0.8, itemName: "이상하게 생긴 물건"));

        answer.NeedsClarification.Should().BeTrue();
        answer.ClarifyingQuestion.Should().Contain("다시 찍어 주세요");
        answer.Alternatives.Should().BeEmpty();
    }

    [Fact]
    public async Task The_thresholds_come_from_configuration()
    {
        await using var strict = new GrowbinAppFactory<Program>()
            .WithSetting("Respond:ConfidenceThreshold", "0.95")
            .WithSetting("Respond:RetakeThreshold", "0.9");
        var rule = ForItem("milk-carton");

        var hedged = await RespondAsync(strict.Services, rule, Seen(rule, confidence: 0.93));
        var retake = await RespondAsync(strict.Services, rule, Seen(rule, confidence: 0.85));
        var sure = await RespondAsync(strict.Services, rule, Seen(rule, confidence: 0.97));

        hedged.NeedsClarification.Should().BeTrue();
        hedged.Summary.Should().Contain("처럼 보여요");
        retake.ClarifyingQuestion.Should().Contain("다시 찍어 주세요");
        sure.NeedsClarification.Should().BeFalse();
    }

    [Fact]
    public void A_retake_threshold_above_the_confidence_threshold_stops_start_up()
    {
        var start = () => StartupValidation.Run(s => s.AddResponseGenerator(),
            new Dictionary<string, string?> { ["Respond:RetakeThreshold"] = "0.8" });

        start.Should().Throw<OptionsValidationException>().WithMessage("*RetakeThreshold*");
    }

    [Fact]
    public async Task The_activity_is_registered_with_the_workflow_runtime_under_the_respond_step()
    {
        // What the worker does when the sidecar hands it a "respond" work item from ScanWorkflow.
        await using var scope = _factory.Services.CreateAsyncScope();

        var found = _factory.Services.GetRequiredService<IWorkflowsFactory>()
            .TryCreateActivity(new TaskIdentifier(Activities.Respond), scope.ServiceProvider, out var activity, out var error);

        error.Should().BeNull();
        found.Should().BeTrue();
        activity.Should().BeOfType<RespondActivity>();
    }

    [Fact]
    public async Task The_persons_question_is_acknowledged_at_the_end_and_handed_to_chat()
    {
        var rule = ForItem("milk-carton");

        var answer = await RespondAsync(rule, question: "  이거 씻어서\n버려야 해요?  ");

        answer.Message.Should().EndWith("“이거 씻어서 버려야 해요?”라고 물어보셨죠? 위 안내로 부족하면 채팅에서 이어서 물어봐 주세요. 자세히 답해 드릴게요.");
        (await RespondAsync(rule)).Message.Should().NotContain("물어보셨죠");
    }

    [Fact]
    public async Task A_long_question_is_quoted_shortened()
    {
        var question = string.Concat(Enumerable.Repeat("우유팩 버리는 법 ", 20));

        var answer = await RespondAsync(ForItem("milk-carton"), question: question);

        // 40 characters, then "…".
        answer.Message.Should().Contain("“우유팩 버리는 법 우유팩 버리는 법 우유팩 버리는 법 우유팩 버리는 법…”라고 물어보셨죠?");
    }

    [Fact]
    public async Task The_same_request_twice_gives_the_same_answer_and_stores_nothing()
    {
        var rule = ForItem("sofa");
        var request = new RespondRequest("task-1", Seen(rule), rule, "언제 내놓아요?");

        var first = await RunAsync(_factory.Services, request);
        var second = await RunAsync(_factory.Services, request);

        first.Failure.Should().BeNull();
        second.Should().BeEquivalentTo(first, o => o.WithStrictOrdering());
        _factory.Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
    }

    [Fact]
    public async Task Empty_required_text_is_refused_as_invalid_naming_every_field()
    {
        var rule = ForItem("milk-carton");
        var request = new RespondRequest(" ", Seen(rule, itemName: ""), rule with { Steps = ["헹군다", " "] }, null);

        var result = await RunAsync(_factory.Services, request);

        var detail = ShouldBeInvalid(result);
        detail.Should().Contain("taskId:").And.Contain("classification.itemName:").And.Contain("rule.steps[1]:");
        detail.Should().NotContain("rule.steps[0]");
    }

    [Fact]
    public async Task An_item_level_rule_without_its_item_is_refused_as_invalid()
    {
        var rule = ForItem("milk-carton") with { Item = null };

        var result = await RunAsync(_factory.Services, new RespondRequest("task-1", Seen(ForItem("milk-carton")), rule, null));

        ShouldBeInvalid(result).Should().StartWith("rule.item:");
    }

    [Fact]
    public async Task A_confidence_outside_0_to_1_is_refused_as_invalid()
    {
        var rule = ForItem("milk-carton");

        var result = await RunAsync(_factory.Services, new RespondRequest("task-1", Seen(rule, confidence: 1.5), rule, null));

        ShouldBeInvalid(result).Should().StartWith("classification.confidence:");
    }

    private Task<ScanAnswer> RespondAsync(DisposalRule rule, Classification? seen = null, string? question = null) =>
        RespondAsync(_factory.Services, rule, seen ?? Seen(rule), question);

    private static async Task<ScanAnswer> RespondAsync(IServiceProvider services, DisposalRule rule, Classification seen, string? question = null)
    {
        var result = await RunAsync(services, new RespondRequest("task-1", seen, rule, question));
        result.Failure.Should().BeNull();
        return result.Value!;
    }

    private static Task<StepResult<ScanAnswer>> RunAsync(IServiceProvider services, RespondRequest request) =>
        services.RunActivityAsync<RespondActivity, RespondRequest, StepResult<ScanAnswer>>(request, "task-1");

    /// <returns>The refusal's detail, which names each invalid field.</returns>
    private static string ShouldBeInvalid(StepResult<ScanAnswer> result)
    {
        result.Value.Should().BeNull();
        result.Failure.Should().NotBeNull();
        result.Failure!.Type.Should().Be(ProblemTypes.For(ActivityFailures.InvalidStepInput));
        return result.Failure.Detail;
    }
}
