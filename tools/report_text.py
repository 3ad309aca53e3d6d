"""The words of the HTML report in English and Korean (issue 23): titles, labels, axes and
table headings. Names of districts, scenarios and programmes come from the result file
(its /districts table and the title / title_ko attributes the scenario and programme files
give)."""

TEXTS = {
    "en": {
        "report_title": "Scenario comparison: {plans} against {baseline}",
        "scale_note": "All counts, person-years and KRW are for the whole of Seoul: the simulated world of {agents:,} "
                      "single-person households is {share} of Seoul's; the file and summary_world.csv keep the world's own figures.",
        "contents": "Contents",
        "difference": "Difference from the baseline over time",
        "difference_note": "Each plan minus the baseline, replicate by replicate (the same random numbers), as 30-day means; "
                           "the band is the paired 95% interval across replicates. Below zero: fewer people in that state than with the baseline.",
        "difference_axis": "percentage points vs baseline",
        "prevalence": "Prevalence over time",
        "prevalence_note": "Mean across replicates with its 95% band (kept within 0–100%). Levels overlap even where the paired "
                           "difference above is clear.",
        "share_axis": "% of single-person households",
        "isolated_or_reclusive": "Isolated or reclusive",
        "feel_lonely": "Feel lonely",
        "reclusive": "Reclusive",
        "no_one": "No one to turn to",
        "cost_effectiveness": "Cost-effectiveness",
        "against": "{plan} against {baseline}",
        "outcome": "outcome", "mean": "mean", "interval": "95% interval",
        "cost_note": "Cost over {days:,} days: {cost}, against a budget of {budget} ({pct:.0f}%; {source}).",
        "by_age": "Effect by age band",
        "by_age_axis": "isolated person-years averted",
        "by_age_title": "Isolated person-years averted by age band (mean and 95% interval, all of Seoul)",
        "by_district": "{plan}: effect by district",
        "map_title": "{plan}: isolated person-years averted per 1,000 single-person households",
        "map_bar": "per 1,000 single-person households (blue: fewer isolated)",
        "map_note": "A district outlined in black, its name starred, has a 95% interval that excludes zero.",
        "programmes": "{plan}: programme by programme",
        "prog_head": ["programme", "served a year", "waiting (mean)", "capacity a year", "capacity used", "calls missed a year",
                      "spending a year", "per person served"],
        "prog_note": "A year is the mean over the horizon. Served: taken in, registered or visited, and hotline calls answered. "
                     "Capacity used is served over capacity: well below 100% with a short waiting list means demand, not capacity, is the limit.",
        "served_title": "Served a year against capacity",
        "served_axis": "people a year",
        "capacity": "capacity",
        "served": "served",
        "spending_title": "Spending per year against the budget",
        "spending_axis": "billion KRW",
        "budget_line": "budget a year",
        "assumptions": "Assumptions",
        "downloads": "Tables to take away",
        "downloads_note": "The tables of this report as CSV files and one Excel workbook:",
        "meta": "{agents:,} simulated households, {days:,} days from {start}, {replicates} replicate(s), seed {seed}, lonesim {version} ({commit}).",
        "boundaries": "District boundaries: southkorea/seoul-maps (Apache-2.0).",
        "date_axis": "date",
        "uncertainty": "Parameter uncertainty",
        "outcomes": {
            "isolated_person_years_averted": "Isolated person-years averted",
            "lonely_person_years_averted": "Lonely person-years averted",
            "reclusion_episodes_averted": "Reclusion episodes averted",
            "unattended_deaths_averted": "Unattended deaths averted",
            "total_cost_krw": "Total cost",
            "krw_per_isolated_person_year_averted": "KRW per isolated person-year averted",
            "reclusive_person_years_averted": "Reclusive person-years averted",
            "expected_unattended_deaths_averted_per_year": "Expected unattended deaths averted per year",
            "incremental_cost_krw": "Incremental cost",
        },
    },
    "ko": {
        "report_title": "시나리오 비교: {plans} 대 {baseline}",
        "scale_note": "모든 수, 인년(person-years), 원화 금액은 서울 전체 기준입니다. 모의 세계의 1인가구 {agents:,}가구는 서울의 {share}에 해당하며, "
                      "모의 세계 자체의 수치는 결과 파일과 summary_world.csv에 있습니다.",
        "contents": "목차",
        "difference": "기준 시나리오 대비 차이의 추이",
        "difference_note": "각 계획에서 기준 시나리오를 뺀 값(같은 난수를 쓴 반복 실행끼리)의 30일 평균이며, 띠는 반복 실행 간 대응 95% 구간입니다. "
                           "0보다 낮으면 기준보다 그 상태에 있는 사람이 적다는 뜻입니다.",
        "difference_axis": "기준 대비 %p",
        "prevalence": "유병률 추이",
        "prevalence_note": "반복 실행 평균과 95% 띠(0–100% 안으로 제한). 위의 대응 차이가 뚜렷한 곳에서도 수준은 겹칠 수 있습니다.",
        "share_axis": "1인가구 중 비율 (%)",
        "isolated_or_reclusive": "고립 또는 은둔",
        "feel_lonely": "외로움을 느낌",
        "reclusive": "은둔",
        "no_one": "도움받을 사람 없음",
        "cost_effectiveness": "비용 효과",
        "against": "{plan} 대 {baseline}",
        "outcome": "결과", "mean": "평균", "interval": "95% 구간",
        "cost_note": "{days:,}일 동안의 비용: {cost}, 예산 {budget} 대비 {pct:.0f}% ({source}).",
        "by_age": "연령대별 효과",
        "by_age_axis": "감소한 고립 인년",
        "by_age_title": "연령대별 감소한 고립 인년 (평균과 95% 구간, 서울 전체)",
        "by_district": "{plan}: 자치구별 효과",
        "map_title": "{plan}: 1인가구 1,000가구당 감소한 고립 인년",
        "map_bar": "1인가구 1,000가구당 (파랑: 고립 감소)",
        "map_note": "검은 테두리와 별표(*)가 있는 자치구는 95% 구간이 0을 포함하지 않습니다.",
        "programmes": "{plan}: 사업별 현황",
        "prog_head": ["사업", "연간 이용자", "대기 (평균)", "연간 정원", "정원 사용률", "연간 못 받은 전화", "연간 지출", "이용자 1인당"],
        "prog_note": "연간 값은 전체 기간의 평균입니다. 이용자: 등록·방문·참여한 사람과 응답한 상담 전화. "
                     "정원 사용률은 이용자 수를 정원으로 나눈 값으로, 100%보다 한참 낮고 대기가 짧으면 정원이 아니라 수요가 한계입니다.",
        "served_title": "연간 이용자와 정원",
        "served_axis": "연간 인원",
        "capacity": "정원",
        "served": "이용자",
        "spending_title": "연도별 지출과 예산",
        "spending_axis": "십억 원",
        "budget_line": "연간 예산",
        "assumptions": "가정",
        "downloads": "내려받을 표",
        "downloads_note": "이 보고서의 표 (CSV 파일과 엑셀 통합문서):",
        "meta": "모의 가구 {agents:,}, {start}부터 {days:,}일, 반복 {replicates}회, 시드 {seed}, lonesim {version} ({commit}).",
        "boundaries": "자치구 경계: southkorea/seoul-maps (Apache-2.0).",
        "date_axis": "날짜",
        "uncertainty": "모수 불확실성",
        "outcomes": {
            "isolated_person_years_averted": "감소한 고립 인년",
            "lonely_person_years_averted": "감소한 외로움 인년",
            "reclusion_episodes_averted": "예방한 은둔 에피소드",
            "unattended_deaths_averted": "예방한 고독사",
            "total_cost_krw": "총비용",
            "krw_per_isolated_person_year_averted": "고립 1인년 감소당 비용 (원)",
            "reclusive_person_years_averted": "감소한 은둔 인년",
            "expected_unattended_deaths_averted_per_year": "연간 예방한 고독사 기대값",
            "incremental_cost_krw": "증분 비용",
        },
    },
}

LANGUAGES = tuple(TEXTS)


def krw_units(lang):
    """(size, suffix) of the KRW units, largest first."""
    if lang == "ko":
        return ((1e12, "조 원"), (1e8, "억 원"), (1e4, "만 원"))
    return ((1e12, " trillion KRW"), (1e9, " billion KRW"), (1e6, " million KRW"))
