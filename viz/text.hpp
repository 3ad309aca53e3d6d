#pragma once
// Every word the visualizer puts on screen, in English and Korean. Names that come with
// the data (districts' name_ko, programmes' and scenarios' title_ko) are the data's; the
// words below are the interface's own (Korean: our translation).
#include <string>

namespace lonesim::viz {

enum class Lang { en, ko };

struct Text {
    const char* en;
    const char* ko;
    const char* operator()(Lang l) const { return l == Lang::ko ? ko : en; }
};

// The first of the two that is not empty: a Korean name where there is one.
inline const std::string& in(Lang l, const std::string& en, const std::string& ko) { return l == Lang::ko && !ko.empty() ? ko : en; }

namespace words {
// The map's colourings and the charts' series (viz/app.hpp's MapMetric, viz/source.hpp's Series).
inline constexpr Text kMapMetric[] = {
    {"Share who feel lonely", "외로움을 느끼는 비율"},
    {"Share isolated", "고립 비율"},
    {"Share reclusive", "은둔 비율"},
    {"Mean loneliness (0-1)", "평균 외로움 (0-1)"},
    {"Change against baseline: isolated or reclusive (points)", "기준선 대비 변화: 고립·은둔 (%p)"}};
inline constexpr Text kSeries[] = {{"connected", "연결"},     {"lonely", "외로움"},
                                   {"isolated", "고립"},      {"reclusive", "은둔"},
                                   {"feel lonely", "외로움을 느낌"}, {"no one to turn to", "기댈 사람 없음"},
                                   {"mean loneliness", "평균 외로움"}};

inline constexpr Text kDayOf{"day %d of %d", "%d일째 / %d일"};
inline constexpr Text kStopped{"simulation stopped: %s", "시뮬레이션 중단: %s"};
inline constexpr Text kBuilding{"building the worlds (burn-in)...", "가상 세계를 만드는 중 (번인)..."};
inline constexpr Text kPlay{"Play", "재생"};
inline constexpr Text kPause{"Pause", "일시정지"};
inline constexpr Text kStep{"Step a day", "하루 진행"};
inline constexpr Text kReset{"Reset to day 0", "처음으로"};
inline constexpr Text kResetTook{"last reset: %.0f ms (a copy of the burned-in world)", "마지막 초기화: %.0f ms (번인된 세계의 복사)"};
inline constexpr Text kDaysASecond{"days a second", "초당 일수"};
inline constexpr Text kFastest{"as fast as possible", "최대 속도"};
inline constexpr Text kPresentation{"Presentation mode (P)", "발표 모드 (P)"};
inline constexpr Text kFullscreen{"Fullscreen (F11)", "전체 화면 (F11)"};
inline constexpr Text kLanguage{"Language (L)", "언어 (L)"};
inline constexpr Text kSavePng{"Save PNG (S)", "PNG 저장 (S)"};
inline constexpr Text kSaved{"saved %s", "저장함: %s"};
inline constexpr Text kFrameRate{"%.0f frames/s   %.1f ms a day", "%.0f 프레임/초   하루 %.1f ms"};
inline constexpr Text kAgents{"%lld agents, scenario and baseline", "에이전트 %lld명, 시나리오와 기준선"};
inline constexpr Text kAgentsReplay{"replay of %s: nothing is simulated", "%s 재생: 시뮬레이션하지 않음"};
inline constexpr Text kBackwards{"<< Backwards", "<< 뒤로"};
inline constexpr Text kForwards{"Forwards >>", "앞으로 >>"};

inline constexpr Text kTimeline{"Time axis", "시간축"};
inline constexpr Text kWholeHorizon{"whole horizon", "전체 기간"};
inline constexpr Text kLastMonths{"last %d months", "최근 %d개월"};
inline constexpr Text kDayShown{"day shown", "표시하는 날"};
inline constexpr Text kToToday{"Back to the present", "현재로"};
inline constexpr Text kLookingBack{"looking back: the simulation goes on", "과거 보기: 시뮬레이션은 계속됨"};

inline constexpr Text kProgrammes{"Programmes (capacity at city scale)", "사업 (서울시 규모 정원)"};
inline constexpr Text kNoProgramme{"this scenario has no programme", "이 시나리오에는 사업이 없음"};
inline constexpr Text kBackToScenario{"Back to the scenario's settings", "시나리오 설정으로 되돌리기"};
inline constexpr Text kOwnCapacity{"   capacity set by its own parameters", "   정원은 사업 자체 매개변수로 정해짐"};
inline constexpr Text kPerYear{"%.0f%% = %.0f a year", "%.0f%% = 연 %.0f명"};
inline constexpr Text kAtOnce{"%.0f%% = %.0f at once", "%.0f%% = 동시 %.0f명"};
inline constexpr Text kReplaySwitches{"a replay shows the programmes as they ran", "재생은 실행된 그대로의 사업을 보여줌"};
inline constexpr Text kChanges{"Changes, as applied", "적용된 변경"};
inline constexpr Text kOn{"on", "시작"};
inline constexpr Text kOff{"off", "중단"};
inline constexpr Text kCapacityTo{"capacity %.0f a year, %.0f at once", "정원 연 %.0f명, 동시 %.0f명"};

inline constexpr Text kWaitingFirstDay{"waiting for the first day", "첫날을 기다리는 중"};
inline constexpr Text kNoDistricts{"a comparison file keeps all Seoul only: no districts to colour", "비교 파일에는 서울 전체만 있어 구별 색이 없음"};
inline constexpr Text kHouseholds{"%lld single-person households (%.1f%% of %lld)", "1인가구 %lld가구 (전체의 %.1f%%, %lld가구 중)"};
inline constexpr Text kTodayLine{"feel lonely %.1f%%  isolated %.2f%%  reclusive %.2f%%", "외로움을 느낌 %.1f%%  고립 %.2f%%  은둔 %.2f%%"};
inline constexpr Text kBaselineLine{"baseline:   feel lonely %.1f%%  isolated %.2f%%  reclusive %.2f%%",
                                    "기준선:   외로움을 느낌 %.1f%%  고립 %.2f%%  은둔 %.2f%%"};
inline constexpr Text kByAge{"households by age band (under 20, 20-24, ..., 85+)", "연령대별 가구 (20세 미만, 20-24, ..., 85세 이상)"};
inline constexpr Text kLonelyByAge{"share who feel lonely by age band, today (%)", "연령대별 외로움을 느끼는 비율, 오늘 (%)"};
inline constexpr Text kClick{"click to select; click again for all Seoul", "클릭하여 선택, 다시 클릭하면 서울 전체"};

inline constexpr Text kAllSeoul{"All Seoul", "서울 전체"};
inline constexpr Text kChartsNote{"%s: scenario (solid), baseline without programmes (grey, dashed); %% of households",
                                  "%s: 시나리오 (실선), 사업 없는 기준선 (회색 점선), 가구 대비 %%"};
inline constexpr Text kChartsNoteNoBaseline{"%s: the run (solid); %% of households", "%s: 실행 결과 (실선), 가구 대비 %%"};
inline constexpr Text kServedWaiting{"in service, waiting (dashed)", "이용 중, 대기 (점선)"};
inline constexpr Text kSpent{"spent, bn KRW", "누적 지출, 10억 원"};
inline constexpr Text kProgrammeColumn{"programme (all Seoul)", "사업 (서울 전체)"};
inline constexpr Text kInService{"in service", "이용 중"};
inline constexpr Text kReached{"reached so far", "누적 이용"};
inline constexpr Text kWaiting{"waiting", "대기"};
inline constexpr Text kBnKrw{"bn KRW", "10억 원"};
inline constexpr Text kTableNote{
    "in service: people in the programme at the end of the day; '-': a visit or a call is the whole service, so no one stays in "
    "it. reached so far: people taken in (enrolments, visits, calls) since day 0. waiting: found or referred and not yet "
    "reached; the yearly capacity sets how many are reached.",
    "이용 중: 그날 끝에 사업을 이용하고 있는 인원. '-': 방문이나 전화 한 번으로 끝나는 서비스라 머무는 인원이 없음. 누적 이용: "
    "0일째부터 받아들인 인원 (등록, 방문, 전화). 대기: 발굴되거나 의뢰되었으나 아직 닿지 않은 인원. 연간 정원이 닿는 인원을 정함."};
inline constexpr Text kNoProgrammeCharts{"no programme in this scenario: scenario and baseline coincide", "사업 없는 시나리오: 시나리오와 기준선이 같음"};
}  // namespace words

}  // namespace lonesim::viz
