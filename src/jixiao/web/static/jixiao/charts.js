// The ECharts charts of the monitoring and self-evaluation pages, drawn from the data the page
// carries in <script type="application/json"> (json_script): no inline script (Content-Security-Policy).
(function () {
  "use strict";

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function execution(data) {
    var el = document.getElementById("execution-chart");
    if (!el) return;
    var series = [];
    Object.keys(data.projects).forEach(function (name) {
      series.push({name: name + "（计划）", type: "line", lineStyle: {type: "dashed"}, data: data.projects[name].planned});
      series.push({name: name + "（实际）", type: "line", data: data.projects[name].spent});
    });
    echarts.init(el).setOption({animation: false, title: {text: "预算执行与支出计划（累计%）", textStyle: {fontSize: 14}}, tooltip: {trigger: "axis"},
      legend: {type: "scroll", bottom: 0}, grid: {bottom: 60}, xAxis: {type: "category", data: data.months},
      yAxis: {type: "value", min: 0, max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); },
        axisLabel: {formatter: "{value}%"}},
      series: series.concat([{name: "预算（100%）", type: "line", data: [], markLine: {silent: true, symbol: "none",
        lineStyle: {color: "#c0392b"}, label: {formatter: "预算100%"}, data: [{yAxis: 100}]}}])});
  }

  function scores(data) {
    var levels = Object.keys(data.levels);
    echarts.init(document.getElementById("levels-chart")).setOption({animation: false, title: {text: "各项目一级指标得分", textStyle: {fontSize: 14}},
      tooltip: {trigger: "axis"}, legend: {bottom: 0}, xAxis: {type: "category", data: data.projects, axisLabel: {interval: 0, width: 90, overflow: "truncate"}},
      yAxis: {type: "value"}, series: levels.map(function (l) { return {name: l, type: "bar", stack: "score", data: data.levels[l]}; })});
    echarts.init(document.getElementById("projects-chart")).setOption({animation: false, title: {text: "项目总分", textStyle: {fontSize: 14}},
      tooltip: {}, xAxis: {type: "category", data: data.projects, axisLabel: {interval: 0, width: 90, overflow: "truncate"}},
      yAxis: {type: "value", max: 100}, series: [{type: "bar", data: data.totals, label: {show: true, position: "top"}}]});
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) return;
    var data = read("execution-data");
    if (data) execution(data);
    data = read("score-data");
    if (data) scores(data);
  });
})();
